using System.Text;
using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// The test server's RBAC answers are Milvus 2.6's (proxy-rules.md §13): proxy name checks, rootcoord checks with
/// their legacy error codes, the built-in roles and privilege groups, idempotent grants, and the grantor taken from
/// the authorization header.
/// </summary>
public sealed class RbacRulesTests : IAsyncLifetime
{
    private MilvusTestServer _server = null!;
    private RawMilvus _raw = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        _raw = Root(_server);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    private static RawMilvus Root(MilvusTestServer server)
    {
        var raw = new RawMilvus(server);
        raw.Headers.Add("authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes("root:Milvus")));
        return raw;
    }

    private static void Is(Status s, int code, int legacy, string reason) =>
        Assert.Equal((code, legacy, reason), (s.Code, (int)s.ErrorCode, s.Reason));

    private static void Ok(Status s) => Assert.True(s.Code == 0 && s.ErrorCode == 0, $"{s.Code} {s.ErrorCode}: {s.Reason}");

    private Task<Status> CreateRole(string name) => _raw.Grpc.CreateRoleAsync(new CreateRoleRequest { Entity = new RoleEntity { Name = name } }, _raw.Headers).ResponseAsync;

    private Task<Status> GrantV1(string role, string objectType, string objectName, string privilege, string db = "", bool revoke = false) =>
        _raw.Grpc.OperatePrivilegeAsync(new OperatePrivilegeRequest
        {
            Entity = new GrantEntity
            {
                Role = new RoleEntity { Name = role }, Object = new ObjectEntity { Name = objectType }, ObjectName = objectName, DbName = db,
                Grantor = new GrantorEntity { Privilege = new PrivilegeEntity { Name = privilege } },
            },
            Type = revoke ? OperatePrivilegeType.Revoke : OperatePrivilegeType.Grant,
        }, _raw.Headers).ResponseAsync;

    private static OperatePrivilegeV2Request V2(string role, string privilege, string db, string collection, bool revoke = false) => new()
    {
        Role = new RoleEntity { Name = role }, Grantor = new GrantorEntity { Privilege = new PrivilegeEntity { Name = privilege } },
        DbName = db, CollectionName = collection, Type = revoke ? OperatePrivilegeType.Revoke : OperatePrivilegeType.Grant,
    };

    private Task<Status> GrantV2(string role, string privilege, string db, string collection, bool revoke = false) =>
        _raw.Grpc.OperatePrivilegeV2Async(V2(role, privilege, db, collection, revoke), _raw.Headers).ResponseAsync;

    private async Task<List<string>> Grants(string role, string db = "*") =>
        (await _raw.Grpc.SelectGrantAsync(new SelectGrantRequest { Entity = new GrantEntity { Role = new RoleEntity { Name = role }, DbName = db } }, _raw.Headers))
            .Entities.Select(e => $"{e.Object.Name}:{e.DbName}.{e.ObjectName}:{e.Grantor.Privilege.Name}:{e.Grantor.User.Name}").ToList();

    private Task<Status> Group(string name) => _raw.Grpc.CreatePrivilegeGroupAsync(new CreatePrivilegeGroupRequest { GroupName = name }, _raw.Headers).ResponseAsync;

    private Task<Status> AddToGroup(string name, params string[] privileges)
    {
        var r = new OperatePrivilegeGroupRequest { GroupName = name, Type = OperatePrivilegeGroupType.AddPrivilegesToGroup };
        r.Privileges.AddRange(privileges.Select(p => new PrivilegeEntity { Name = p }));
        return _raw.Grpc.OperatePrivilegeGroupAsync(r, _raw.Headers).ResponseAsync;
    }

    [Fact]
    public async Task AdminAndPublicExistFromTheStartPublicHoldsItsDefaultGrantsAndRootNoRole()
    {
        var roles = await _raw.Grpc.SelectRoleAsync(new SelectRoleRequest { IncludeUserInfo = true }, _raw.Headers);
        Assert.Equal(["admin", "public"], roles.Results.Select(r => r.Role.Name));
        Assert.All(roles.Results, r => Assert.Empty(r.Users));
        Assert.Equal(["Global:*.*:DescribeCollection:root", "Global:*.*:ListAliases:root", "Collection:*.*:IndexDetail:root"], await Grants("public"));
        var root = Assert.Single((await _raw.Grpc.SelectUserAsync(new SelectUserRequest { IncludeRoleInfo = true }, _raw.Headers)).Results);
        Assert.Equal("root", root.User.Name);
        Assert.Empty(root.Roles);
        Is(await _raw.Grpc.DropRoleAsync(new DropRoleRequest { RoleName = "admin" }, _raw.Headers), 1401, 1, "the role[admin] is a default role, which can't be dropped: privilege not permitted");
        Is(await _raw.Grpc.DropRoleAsync(new DropRoleRequest { RoleName = "public", ForceDrop = true }, _raw.Headers), 1401, 1, "the role[public] is a default role, which can't be dropped: privilege not permitted");
    }

    [Fact]
    public async Task RoleNamesDuplicatesAndTheLimitOfTenRoles()
    {
        Is(await CreateRole("1st"), 1100, 5, "the first character of role name must be an underscore or letter: invalid parameter[expected=95][actual=49]");
        Is(await CreateRole(""), 1100, 5, "role name should be not empty: invalid parameter[expected=not empty][actual=]");
        Is(await CreateRole("a-b"), 1100, 5, "role name can only contain numbers, letters, underscores, and allowed characters ($), found - at 1: invalid parameter");
        Ok(await CreateRole("r$1"));
        Is(await CreateRole("r$1"), 65535, 35, "role [name:\"r$1\"] already exists");
        for (int i = 2; i <= 8; i++) Ok(await CreateRole($"r{i}"));
        Is(await CreateRole("r9"), 65535, 35, "failed to check if create role: unable to create role because the number of roles has reached the limit");
        Is(await _raw.Grpc.DropRoleAsync(new DropRoleRequest { RoleName = "nope" }, _raw.Headers), 65535, 36, "not found the role, maybe the role isn't existed or internal system error");
    }

    [Fact]
    public async Task AGrantedRoleIsDroppedOnlyWithForceWhichTakesItsGrantsAndBindings()
    {
        Ok(await CreateRole("reader"));
        Ok(await GrantV1("reader", "Collection", "*", "Search"));
        Ok(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "root", RoleName = "reader" }, _raw.Headers));
        Is(await _raw.Grpc.DropRoleAsync(new DropRoleRequest { RoleName = "reader" }, _raw.Headers), 65535, 36,
            "failed to check if drop role: fail to drop the role that it has privileges. Use REVOKE API to revoke privileges");
        Ok(await _raw.Grpc.DropRoleAsync(new DropRoleRequest { RoleName = "reader", ForceDrop = true }, _raw.Headers));
        Ok(await CreateRole("reader"));
        Assert.Empty(await Grants("reader"));
        Assert.Empty(Assert.Single((await _raw.Grpc.SelectUserAsync(new SelectUserRequest { User = new UserEntity { Name = "root" }, IncludeRoleInfo = true }, _raw.Headers)).Results).Roles);
    }

    [Fact]
    public async Task OperatePrivilegeChecksThePrivilegeAgainstTheObjectTypeAndRefusesGroups()
    {
        Ok(await CreateRole("r"));
        Is(await GrantV1("r", "Collection", "*", "Frobnicate"), 65535, 41, "not found the privilege name[Frobnicate] in object[Collection]");
        Is(await GrantV1("r", "Collection", "*", "CreateCollection"), 65535, 41, "not found the privilege name[CreateCollection] in object[Collection]");
        Is(await GrantV1("r", "Global", "*", "ClusterReadOnly"), 65535, 41, "can not operate the built-in privilege group [ClusterReadOnly]");
        Ok(await Group("g"));
        Is(await GrantV1("r", "Collection", "*", "g"), 65535, 41, "can not operate the custom privilege group [g]");
        Is(await GrantV1("r", "Table", "*", "Search"), 65535, 41, "failed to operate privilege common check: the object entity in the request is nil or invalid");
        Is(await GrantV1("nobody", "Collection", "*", "Search"), 65535, 41, "failed to operate privilege common check: not found the role, maybe the role isn't existed or internal system error");
        Is(await GrantV1("r", "Collection", "*", "Se-arch"), 1100, 5, "Privilege can only contain numbers, letters, underscores, and allowed characters ($), found - at 2: invalid parameter");
        // A Global privilege is stored for every object, whatever name was sent; an empty database is "default".
        Ok(await GrantV1("r", "Global", "docs", "CreateCollection"));
        Assert.Equal(["Global:default.*:CreateCollection:root"], await Grants("r"));
    }

    [Fact]
    public async Task GrantsAreIdempotentRevokingNothingSucceedsAndLoadBringsItsRelatedPrivileges()
    {
        Ok(await CreateRole("r"));
        Ok(await GrantV1("r", "Collection", "docs", "Load"));
        Ok(await GrantV1("r", "Collection", "docs", "Load"));
        Assert.Equal(["Collection:default.docs:Load:root", "Collection:default.docs:GetLoadState:root", "Collection:default.docs:GetLoadingProgress:root"], await Grants("r"));
        Ok(await GrantV1("r", "Collection", "docs", "Insert", revoke: true));
        Ok(await GrantV1("r", "Collection", "docs", "Load", revoke: true));
        Assert.Empty(await Grants("r"));
    }

    [Fact]
    public async Task OperatePrivilegeV2DerivesTheObjectTypeAndChecksGroupLevels()
    {
        Ok(await CreateRole("r"));
        Ok(await GrantV2("r", "Search", "default", "docs"));
        Ok(await GrantV2("r", "DatabaseReadOnly", "default", "*"));
        Ok(await GrantV2("r", "ClusterReadOnly", "*", "*"));
        Assert.Equal(["Collection:default.docs:Search:root", "Global:default.*:DatabaseReadOnly:root", "Global:*.*:ClusterReadOnly:root"], await Grants("r"));
        Assert.Equal(["Collection:default.docs:Search:root", "Global:default.*:DatabaseReadOnly:root", "Global:*.*:ClusterReadOnly:root"], await Grants("r", "default"));
        Is(await GrantV2("r", "ClusterReadOnly", "default", "*"), 1100, 41, "dbName and collectionName should be * for the cluster level privilege: ClusterReadOnly: invalid parameter");
        Is(await GrantV2("r", "DatabaseAdmin", "default", "docs"), 1100, 41, "collectionName should be * for the database level privilege: DatabaseAdmin: invalid parameter");
        Is(await GrantV2("r", "CollectionReadOnly", "*", "docs"), 800, 1, "database not found[database=*]");
        Is(await GrantV2("r", "Frobnicate", "default", "*"), 65535, 41, "not found the privilege name[Frobnicate]");
        Is(await GrantV2("r", "Search", "default", ""), 1100, 5, "collection name should be not empty: invalid parameter[expected=not empty][actual=]");
        Is(await GrantV2("r", "Search", "no_such_db", "docs"), 800, 1, "database not found[database=no_such_db]");
        Ok(await GrantV2("r", "Search", "no_such_db", "*"));
    }

    [Fact]
    public async Task AGrantOnAnAliasIsStoredUnderItsCollection()
    {
        using var client = TestServers.Client(_server, user: "root", password: "Milvus");
        await client.CreateCollectionAsync(Schemas.Simple("docs"));
        await client.CreateAliasAsync("docs", "docs_now");
        Ok(await CreateRole("r"));
        Ok(await GrantV2("r", "Query", "default", "docs_now"));
        Assert.Equal(["Collection:default.docs:Query:root"], await Grants("r"));
    }

    [Fact]
    public async Task TheGrantorComesFromTheAuthorizationHeaderWhichOperatePrivilegeNeedsEvenWithAuthOff()
    {
        Ok(await CreateRole("r"));
        using var anonymous = new RawMilvus(_server);
        Is(await anonymous.Grpc.OperatePrivilegeV2Async(V2("r", "Search", "default", "*")), 65535, 1, "fail to get authorization from the md, authorization:[token]");
        // Other RBAC calls need no user.
        Ok((await anonymous.Grpc.SelectRoleAsync(new SelectRoleRequest())).Status);
        using var stranger = new RawMilvus(_server);
        stranger.Headers.Add("authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes("ghost:whatever")));
        Is(await stranger.Grpc.OperatePrivilegeV2Async(V2("r", "Search", "default", "*"), stranger.Headers), 65535, 41,
            "failed to operate privilege common check: not found the user, maybe the user isn't existed or internal system error");
    }

    [Fact]
    public async Task UsersPasswordsAndBindings()
    {
        var request = new CreateCredentialRequest { Username = "alice", Password = Convert.ToBase64String(Encoding.UTF8.GetBytes("abc")) };
        Is(await _raw.Grpc.CreateCredentialAsync(request, _raw.Headers), 1100, 5, "invalid password length: invalid parameter[3 out of range 6 <= value <= 72]");
        Is(await _raw.Grpc.CreateCredentialAsync(new CreateCredentialRequest { Username = "1alice", Password = request.Password }, _raw.Headers), 1100, 5,
            "invalid user name 1alice, the first character must be a letter, but got 1: invalid parameter");
        Is(await _raw.Grpc.CreateCredentialAsync(new CreateCredentialRequest { Username = "al$ce", Password = request.Password }, _raw.Headers), 1100, 5,
            "invalid user name al$ce, username must contain only numbers, letters, underscores, dots, and hyphens, but got %!s(uint8=36): invalid parameter");
        request.Password = Convert.ToBase64String(Encoding.UTF8.GetBytes("secret1"));
        Ok(await _raw.Grpc.CreateCredentialAsync(request, _raw.Headers));
        Is(await _raw.Grpc.CreateCredentialAsync(request, _raw.Headers), 65535, 29, "user already exists: alice");
        Assert.Equal(["alice", "root"], (await _raw.Grpc.ListCredUsersAsync(new ListCredUsersRequest(), _raw.Headers)).Usernames);

        Is(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "alice", RoleName = "nope" }, _raw.Headers), 65535, 37,
            "not found the role, maybe the role isn't existed or internal system error");
        Ok(await CreateRole("reader"));
        Is(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "bob", RoleName = "reader" }, _raw.Headers), 65535, 37,
            "failed to check if operate user role: not found the user, maybe the user isn't existed or internal system error");
        Is(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "bob", RoleName = "reader", Type = (OperateUserRoleType)7 }, _raw.Headers), 65535, 37,
            "failed to check if operate user role: not found the user, maybe the user isn't existed or internal system error");
        Is(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "alice", RoleName = "reader", Type = (OperateUserRoleType)7 }, _raw.Headers), 65535, 37,
            "invalid operate user role type");
        Ok(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "bob", RoleName = "reader", Type = OperateUserRoleType.RemoveUserFromRole }, _raw.Headers));
        Ok(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "alice", RoleName = "reader" }, _raw.Headers));
        Ok(await _raw.Grpc.OperateUserRoleAsync(new OperateUserRoleRequest { Username = "alice", RoleName = "reader" }, _raw.Headers));
        var role = Assert.Single((await _raw.Grpc.SelectRoleAsync(new SelectRoleRequest { Role = new RoleEntity { Name = "reader" }, IncludeUserInfo = true }, _raw.Headers)).Results);
        Assert.Equal(["alice"], role.Users.Select(u => u.Name));
        Assert.Empty((await _raw.Grpc.SelectRoleAsync(new SelectRoleRequest { Role = new RoleEntity { Name = "nope" } }, _raw.Headers)).Results);
        Assert.Empty((await _raw.Grpc.SelectUserAsync(new SelectUserRequest { User = new UserEntity { Name = "bob" } }, _raw.Headers)).Results);
    }

    [Fact]
    public async Task ACreatedUserCanAuthenticateWithAuthorizationOn()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { AuthEnabled = true, FlushMinInterval = TimeSpan.Zero });
        using var root = TestServers.Client(server, user: "root", password: "Milvus");
        await root.CreateUserAsync("alice", "secret1");
        using var alice = TestServers.Client(server, user: "alice", password: "secret1");
        Assert.Contains("default", await alice.ListDatabasesAsync());
        using var wrong = TestServers.Client(server, user: "alice", password: "secret2", retry: new RetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero));
        var e = await Assert.ThrowsAsync<Errors.MilvusServerException>(() => wrong.ListDatabasesAsync());
        Assert.Equal("Unauthenticated", e.TransportStatus);
    }

    [Fact]
    public async Task PrivilegeGroupsNamesLevelsAndUse()
    {
        Is(await Group("ClusterReadOnly"), 1100, 58,
            "failed to check if privilege group creatable: privilege group name [ClusterReadOnly] is defined by built in privileges or privilege groups in system: invalid parameter");
        Is(await Group("Insert"), 1100, 58,
            "failed to check if privilege group creatable: privilege group name [Insert] is defined by built in privileges or privilege groups in system: invalid parameter");
        Is(await Group("1g"), 1402, 1, "1g: invalid privilege group name[privilegeGroup=the first character of a privilege group name %s must be an underscore or letter]");
        Is(await Group(""), 1402, 1, "invalid privilege group name[privilegeGroup=privilege group name should not be empty]");
        Ok(await Group("writers"));
        Is(await Group("writers"), 1100, 58, "failed to check if privilege group creatable: privilege group name [writers] is defined by users: invalid parameter");
        Is(await AddToGroup("nope", "Insert"), 1100, 61, "failed to check if privilege group alterable: there is no privilege group name [nope] defined in system to operate: invalid parameter");
        Is(await AddToGroup("writers"), 1100, 61, "failed to check if privilege group alterable: privileges is empty when alter the privilege group: invalid parameter");
        Is(await AddToGroup("writers", "Frobnicate"), 1100, 61,
            "failed to check if privilege group alterable: there is no privilege name or privilege group name [Frobnicate] defined in system to operate: invalid parameter");
        Ok(await AddToGroup("writers", "Insert", "Upsert"));
        Is(await AddToGroup("writers", "CreateDatabase"), 1100, 61, "failed to check if privilege group alterable: privileges are not the same privilege level: invalid parameter");
        Ok(await AddToGroup("writers", "Delete", "Insert"));
        var groups = (await _raw.Grpc.ListPrivilegeGroupsAsync(new ListPrivilegeGroupsRequest(), _raw.Headers)).PrivilegeGroups;
        Assert.Equal(["writers", .. RbacPrivileges.BuiltInGroups], groups.Select(g => g.GroupName));
        Assert.Equal(["Insert", "Upsert", "Delete"], groups[0].Privileges.Select(p => p.Name));

        Ok(await CreateRole("w"));
        // The proxy resolves a named collection in database "*" before rootcoord's level check: 800, not
        // "please specify database name for the collection level privilege".
        Is(await GrantV2("w", "writers", "*", "docs"), 800, 1, "database not found[database=*]");
        Ok(await GrantV2("w", "writers", "default", "docs"));
        Assert.Equal(["Global:default.docs:writers:root"], await Grants("w"));
        Is(await _raw.Grpc.DropPrivilegeGroupAsync(new DropPrivilegeGroupRequest { GroupName = "writers" }, _raw.Headers), 65535, 59,
            "failed to check if privilege group dropable: privilege group [writers] is used by role [w], Use REVOKE API to revoke it first");
        Ok(await _raw.Grpc.DropPrivilegeGroupAsync(new DropPrivilegeGroupRequest { GroupName = "never_made" }, _raw.Headers));
    }

    [Fact]
    public async Task AnOlderServerDoesNotKnowNewerPrivileges()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { Version = "v2.5.14", FlushMinInterval = TimeSpan.Zero });
        using var raw = Root(server);
        Ok(await raw.Grpc.CreateRoleAsync(new CreateRoleRequest { Entity = new RoleEntity { Name = "r" } }, raw.Headers));
        Is(await raw.Grpc.OperatePrivilegeV2Async(V2("r", "AddCollectionField", "default", "*"), raw.Headers), 65535, 41, "not found the privilege name[AddCollectionField]");
        Ok(await raw.Grpc.OperatePrivilegeV2Async(V2("r", "Insert", "default", "*"), raw.Headers));
        Assert.False(RbacPrivileges.IsBuiltIn("AddCollectionField", "v2.5.14"));
        Assert.True(RbacPrivileges.IsBuiltIn("AddCollectionField", "v2.6.3"));
    }
}
