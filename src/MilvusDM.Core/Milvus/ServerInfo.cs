namespace MilvusDM.Core.Milvus;

/// <summary>What the server said about itself on Connect/GetVersion.</summary>
public sealed record ServerInfo(string Version, string DeployMode, long Identifier, bool SupportsConnect);
