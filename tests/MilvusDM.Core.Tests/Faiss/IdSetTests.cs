using MilvusDM.Core.Faiss;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>The compact id set behind duplicate-id detection agrees with HashSet on every kind of id.</summary>
public sealed class IdSetTests
{
    [Fact]
    public void AgreesWithHashSetThroughGrowthAndEdgeValues()
    {
        var rng = new Random(11);
        var set = new IdSet();
        var reference = new HashSet<long>();
        var ids = Enumerable.Range(0, 300_000).Select(i => (i % 3) switch
        {
            0 => (long)i,                                   // sequential
            1 => (long)(rng.NextDouble() * long.MaxValue) * (i % 2 == 0 ? 1 : -1),   // anywhere
            _ => rng.Next(0, 50_000) * 1_000_003L,            // clustered, with repeats
        }).Concat([long.MinValue, long.MinValue, long.MaxValue, 0, -1, long.MaxValue]);
        foreach (var id in ids) Assert.Equal(reference.Add(id), set.Add(id));
        Assert.Equal(reference.Count, set.Count);
    }
}
