using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>-Verify on imports: every source row is looked up in the target and compared.</summary>
public sealed class ImportVerificationTests(Hdf5Fixtures fx, SharedServerFixture server) : IClassFixture<Hdf5Fixtures>, IClassFixture<SharedServerFixture>
{
    [Fact]
    public async Task VerificationNamesChangedAndMissingRows()
    {
        string name = Schemas.UniqueName("h2m_verify");
        var imported = await Hdf5Import.RunAsync(server.Client, fx.File("f32_contiguous"), new Hdf5ReadOptions(), new MilvusSinkOptions { CollectionName = name },
            null, new TransferOptions(), null, CancellationToken.None, verify: true);
        Assert.Equal((TransferStatus.Succeeded, true), (imported.Status, imported.Verified));
        var source = () => new Hdf5VectorSource(fx.File("f32_contiguous"));
        Assert.True((await ImportVerification.VerifyAsync(source(), server.Client, name, null)).Equal);

        // A row changed and a row lost after the import: both are named. (Verification released the collection it loaded.)
        Assert.Equal(LoadState.NotLoad, await server.Client.GetLoadStateAsync(name));
        await server.Client.LoadCollectionAsync(name);
        var changed = (await ReadRows(name, "id in [-999944567]"))!;
        var vector = ((FloatVectorColumn)changed["embedding"]!).Data.ToArray();
        vector[0] += 1;
        await server.Client.UpsertAsync(name, new VectorBatch([changed["id"]!, new FloatVectorColumn("embedding", vector.Length, vector)]));
        await server.Client.DeleteAsync(name, "id in [-999912891]");
        var check = await ImportVerification.VerifyAsync(source(), server.Client, name, null);
        Assert.False(check.Equal);
        Assert.Equal((2500L, 2498L, 1L, 1L, 0L), (check.SourceRows, check.Matched, check.Missing, check.Different, check.Duplicated));
        Assert.Equal([-999912891L], check.MissingKeys);
        Assert.Equal([-999944567L], check.DifferentKeys);
    }

    private async Task<VectorBatch?> ReadRows(string collection, string filter) =>
        (await server.Client.QueryAsync(collection, new QueryOptions { Expression = filter, OutputFields = ["id", "embedding"], Consistency = ConsistencyLevel.Strong })).Batch;
}
