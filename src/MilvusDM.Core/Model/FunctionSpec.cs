namespace MilvusDM.Core.Model;

/// <summary>A schema function (e.g. BM25) whose output fields the server computes.</summary>
public sealed record FunctionSpec
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Function type name as Milvus spells it: BM25, TextEmbedding, Rerank.</summary>
    public required string Type { get; init; }

    public IReadOnlyList<string> InputFieldNames { get; init; } = [];
    public IReadOnlyList<string> OutputFieldNames { get; init; } = [];
    public IReadOnlyDictionary<string, string> Params { get; init; } = FieldSpec.EmptyParams;
}
