using MilvusDM.Core.Backup;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Backup;

/// <summary>
/// Backup-Milvus / Restore-Milvus -IncludeRbac on test servers: a role with collection-, database- and cluster-level
/// grants, a custom privilege group granted on a collection, users bound to roles; restored where a user exists and
/// where one does not, moved with -DestinationDatabase/-Rename, refused before writing when the target is too old.
/// </summary>
public sealed class RbacBackupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "milvusdm-rbac-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static TestServerOptions Options(params string[] users) => new()
    {
        FlushMinInterval = TimeSpan.Zero,
        Users = new Dictionary<string, string>(users.Select(u => new KeyValuePair<string, string>(u, u + "-secret"))) { ["root"] = "Milvus" },
    };

    private static MilvusClient Root(MilvusTestServer s) => TestServers.Client(s, user: "root", password: "Milvus");

    /// <summary>lab/docs and default/small; reader: Search+Query on lab/docs, DatabaseReadOnly on lab, ClusterReadOnly, ShowCollections (Global);
    /// writer: group doc_writers (Insert, Upsert, Delete) on lab/docs; alice → reader, writer; bob → writer; public keeps its defaults.</summary>
    private static async Task CreateSourceAsync(MilvusClient c)
    {
        await c.CreateDatabaseAsync("lab");
        var lab = c.WithDatabase("lab");
        await lab.CreateCollectionAsync(Schemas.Simple("docs"));
        await lab.InsertAsync("docs", Schemas.SimpleBatch(0, 20));
        await lab.CreateIndexAsync("docs", Schemas.Flat());
        await c.CreateCollectionAsync(Schemas.Simple("small"));
        await c.InsertAsync("small", Schemas.SimpleBatch(0, 10));
        await c.CreateIndexAsync("small", Schemas.Flat());
        await c.CreateRoleAsync("reader");
        await c.CreateRoleAsync("writer");
        await c.GrantAsync(new RbacGrant("reader", "Collection", "docs", "lab", "Search"));
        await c.GrantV2Async("reader", "Query", "lab", "docs");
        await c.GrantV2Async("reader", "DatabaseReadOnly", "lab", "*");
        await c.GrantV2Async("reader", "ClusterReadOnly", "*", "*");
        await c.GrantAsync(new RbacGrant("reader", "Global", "*", "*", "ShowCollections"));
        await c.CreatePrivilegeGroupAsync("doc_writers");
        await c.AlterPrivilegeGroupAsync("doc_writers", ["Insert", "Upsert", "Delete"]);
        await c.GrantV2Async("writer", "doc_writers", "lab", "docs");
        await c.CreateUserAsync("alice", "alice-secret");
        await c.CreateUserAsync("bob", "bob-secret");
        await c.BindRoleAsync("alice", "reader");
        await c.BindRoleAsync("alice", "writer");
        await c.BindRoleAsync("bob", "writer");
    }

    private static Task<IReadOnlyList<TransferResult>> BackupAsync(MilvusClient source, string folder) =>
        BackupJob.RunAsync(new BackupOptions { Source = source, Folder = folder, IncludeRbac = true }, JobHost.Silent, CancellationToken.None);

    private static Task<IReadOnlyList<TransferResult>> RestoreAsync(MilvusClient target, string folder, string? destination = null,
        Dictionary<string, string>? rename = null, JobHost? host = null) =>
        RestoreJob.RunAsync(new RestoreOptions
        {
            Destination = target, Folder = folder, IncludeRbac = true, DestinationDatabase = destination,
            Rename = rename ?? new Dictionary<string, string>(),
        }, host ?? JobHost.Silent, CancellationToken.None);

    private static void AllSucceeded(IReadOnlyList<TransferResult> results) =>
        Assert.All(results, r => Assert.True(r.Status is TransferStatus.Succeeded or TransferStatus.Skipped, $"{r.Source}: {r.Status} {r.Error}"));

    /// <summary>Every grant of every role, without the grantor (a restore grants as its own user).</summary>
    private static async Task<List<string>> GrantsOf(MilvusClient c)
    {
        var all = new List<string>();
        foreach (var role in await c.ListRolesAsync()) all.AddRange((await c.ListGrantsAsync(role.Name)).Select(g => g.Key));
        return all.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task RolesGroupsGrantsAndBindingsAreBackedUpAndRestoredWhereTheUserExists()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options("alice"));
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));

        var rbac = (await BackupFolder.ReadManifestAsync(_dir, CancellationToken.None)).Rbac!;
        Assert.Equal(["reader", "writer"], rbac.Roles);
        Assert.Equal(BackupRbac.PasswordNote, rbac.Note);
        var group = Assert.Single(rbac.PrivilegeGroups);
        Assert.Equal("doc_writers", group.Name);
        Assert.Equal(["Insert", "Upsert", "Delete"], group.Privileges);
        Assert.Contains(rbac.Grants, g => g == new RbacGrant("reader", "Collection", "docs", "lab", "Search", "root"));
        Assert.Contains(rbac.Grants, g => g == new RbacGrant("reader", "Global", "*", "lab", "DatabaseReadOnly", "root"));
        Assert.Contains(rbac.Grants, g => g == new RbacGrant("reader", "Global", "*", "*", "ClusterReadOnly", "root"));
        Assert.Contains(rbac.Grants, g => g == new RbacGrant("writer", "Global", "docs", "lab", "doc_writers", "root"));
        Assert.Contains(rbac.Grants, g => g.Role == "public" && g.Privilege == "IndexDetail");
        Assert.Equal(["alice: reader writer", "bob: writer", "root: "], rbac.Users.Select(u => $"{u.Name}: {string.Join(" ", u.Roles)}"));
        var json = await File.ReadAllTextAsync(Path.Combine(_dir, BackupManifest.FileName));
        Assert.DoesNotContain("alice-secret", json, StringComparison.Ordinal);

        var results = await RestoreAsync(dst, _dir);
        AllSucceeded(results);
        var rbacResult = results.Single(r => r.Source == RbacRestore.UnitName);
        Assert.Contains(rbacResult.Notes, n => n.StartsWith(RbacRestore.MissingUsersNote, StringComparison.Ordinal) && n.Contains("bob (writer)", StringComparison.Ordinal));
        Assert.Equal(await GrantsOf(src), await GrantsOf(dst));
        Assert.Equal(["reader", "writer"], (await dst.ListUsersAsync()).Single(u => u.Name == "alice").Roles);
        Assert.DoesNotContain(await dst.ListUserNamesAsync(), u => u == "bob");
        Assert.Equal(["Insert", "Upsert", "Delete"], (await dst.ListPrivilegeGroupsAsync()).Single(g => g.Name == "doc_writers").Privileges);
        Assert.Equal(20, await dst.WithDatabase("lab").ExistingRowCountAsync("docs"));

        // Again: everything is there, nothing is made twice.
        var again = (await RestoreAsync(dst, _dir)).Single(r => r.Source == RbacRestore.UnitName);
        Assert.DoesNotContain(again.Notes, n => n.StartsWith("Created", StringComparison.Ordinal) || n.StartsWith("Granted", StringComparison.Ordinal) || n.StartsWith("Bound", StringComparison.Ordinal));
        Assert.Equal(await GrantsOf(src), await GrantsOf(dst));
    }

    [Fact]
    public async Task WhereNoUserExistsRolesAndGrantsComeAndGrantsFollowDestinationDatabaseAndRename()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options());
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));

        string? plan = null;
        var whatIf = new JobHost { Confirm = (p, _) => { if (p.Target.StartsWith("roles", StringComparison.Ordinal)) plan = p.Action; return Task.FromResult(false); } };
        await RestoreAsync(dst, _dir, "staging", new() { ["docs"] = "docs2" }, whatIf);
        Assert.NotNull(plan);
        Assert.Contains("role(s) reader, writer", plan);
        Assert.Contains("privilege group(s) doc_writers", plan);
        Assert.Contains("Search on Collection 'docs2' in database 'staging' to role 'reader'", plan);
        Assert.All(await GrantsOf(dst), g => Assert.StartsWith("public|", g, StringComparison.Ordinal));   // -WhatIf granted nothing
        Assert.Equal(["admin", "public"], (await dst.ListRolesAsync()).Select(r => r.Name));

        var results = await RestoreAsync(dst, _dir, "staging", new() { ["docs"] = "docs2" });
        AllSucceeded(results);
        var notes = results.Single(r => r.Source == RbacRestore.UnitName).Notes;
        Assert.Contains(notes, n => n.StartsWith(RbacRestore.MissingUsersNote, StringComparison.Ordinal) && n.Contains("alice (reader, writer)", StringComparison.Ordinal) && n.Contains("bob", StringComparison.Ordinal));
        var grants = await dst.ListGrantsAsync("reader");
        Assert.Contains(grants, g => g.Key == new RbacGrant("reader", "Collection", "docs2", "staging", "Search").Key);
        Assert.Contains(grants, g => g.Key == new RbacGrant("reader", "Collection", "docs2", "staging", "Query").Key);
        Assert.Contains(grants, g => g.Key == new RbacGrant("reader", "Global", "*", "staging", "DatabaseReadOnly").Key);
        Assert.Contains(grants, g => g.Key == new RbacGrant("reader", "Global", "*", "*", "ClusterReadOnly").Key);
        Assert.DoesNotContain(grants, g => g.Database == "lab");
        Assert.Contains(await dst.ListGrantsAsync("writer"), g => g.Key == new RbacGrant("writer", "Global", "docs2", "staging", "doc_writers").Key);
        Assert.All(await dst.ListUsersAsync(), u => Assert.Empty(u.Roles));
    }

    [Fact]
    public async Task AGrantOnACollectionOfADatabaseTheTargetLacksIsNotedNotMade()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options());
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));
        var results = await RestoreJob.RunAsync(new RestoreOptions { Destination = dst, Folder = _dir, Collections = ["small"], IncludeRbac = true }, JobHost.Silent, CancellationToken.None);
        AllSucceeded(results);
        var notes = results.Single(r => r.Source == RbacRestore.UnitName).Notes;
        Assert.Contains("Not granted: Search on Collection 'docs' in database 'lab' to role 'reader' (database 'lab' does not exist on the target).", notes);
        var grants = await dst.ListGrantsAsync("reader");
        Assert.DoesNotContain(grants, g => g.ObjectName == "docs");
        Assert.Contains(grants, g => g.Key == new RbacGrant("reader", "Global", "*", "lab", "DatabaseReadOnly").Key);   // database-wide: Milvus takes it
    }

    [Fact]
    public async Task WithAuthorizationOnRootBacksUpAndRestoresAndTheRestoredUserLogsIn()
    {
        await using var a = await TestServers.StartAsync(Options() with { AuthEnabled = true });
        await using var b = await TestServers.StartAsync(Options("alice") with { AuthEnabled = true });
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));
        AllSucceeded(await RestoreAsync(dst, _dir));
        Assert.Equal(await GrantsOf(src), await GrantsOf(dst));
        using var alice = TestServers.Client(b, user: "alice", password: "alice-secret");
        Assert.Equal(["reader", "writer"], (await alice.ListUsersAsync()).Single(u => u.Name == "alice").Roles);
    }

    [Fact]
    public async Task APrivilegeTheTargetDoesNotKnowIsRefusedBeforeAnythingIsCreated()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options() with { Version = "v2.5.14" });
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        await src.GrantV2Async("writer", "AddCollectionField", "lab", "docs");
        AllSucceeded(await BackupAsync(src, _dir));

        var e = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreAsync(dst, _dir));
        Assert.Equal("RestoreRbacUnknownPrivilege", e.ErrorId);
        Assert.Contains("'AddCollectionField'", e.Message);
        Assert.Equal(["default"], await dst.ListDatabasesAsync());
        Assert.Empty(await dst.ListCollectionsAsync());
        Assert.Equal(["admin", "public"], (await dst.ListRolesAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task AnInvalidRoleOrGroupNameInTheManifestIsRefusedBeforeAnythingIsCreated()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options());
        using var src = Root(a);
        using var dst = Root(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));
        string path = Path.Combine(_dir, BackupManifest.FileName), json = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, json.Replace("\"reader\"", "\"bad-role\"", StringComparison.Ordinal));
        Assert.Equal("InvalidRoleName", (await Assert.ThrowsAsync<MilvusDMException>(() => RestoreAsync(dst, _dir))).ErrorId);
        await File.WriteAllTextAsync(path, json.Replace("\"doc_writers\"", "\"doc writers\"", StringComparison.Ordinal));
        Assert.Equal("InvalidPrivilegeGroupName", (await Assert.ThrowsAsync<MilvusDMException>(() => RestoreAsync(dst, _dir))).ErrorId);
        Assert.Equal(["default"], await dst.ListDatabasesAsync());
        Assert.Equal(["admin", "public"], (await dst.ListRolesAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task GrantsNeedAUserAndABackupWithoutRbacIsSaidSo()
    {
        await using var a = await TestServers.StartAsync(Options());
        await using var b = await TestServers.StartAsync(Options());
        using var src = Root(a);
        using var anonymous = TestServers.Client(b);
        await CreateSourceAsync(src);
        AllSucceeded(await BackupAsync(src, _dir));
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreAsync(anonymous, _dir));
        Assert.Equal("RestoreRbacNeedsUser", e.ErrorId);
        Assert.Equal(["default"], await anonymous.ListDatabasesAsync());

        string plain = Path.Combine(_dir, "plain");
        AllSucceeded(await BackupJob.RunAsync(new BackupOptions { Source = src, Folder = plain }, JobHost.Silent, CancellationToken.None));
        Assert.Null((await BackupFolder.ReadManifestAsync(plain, CancellationToken.None)).Rbac);
        using var root = Root(b);
        var missing = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreAsync(root, plain));
        Assert.Equal("RestoreRbacNotInBackup", missing.ErrorId);
    }
}
