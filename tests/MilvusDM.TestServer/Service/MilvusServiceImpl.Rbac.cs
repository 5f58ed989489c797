using System.Text;
using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// Credentials, roles and user–role bindings as Milvus 2.6 handles them: the proxy's checks (internal/proxy/impl.go)
/// answered with merr.Status, then rootcoord's (root_coord.go, meta_table.go CheckIf*), answered with
/// merr.StatusWithErrorCode: the merr code of the cause (65535 for a plain error), the full text as the reason, and
/// the RPC's legacy error_code (CreateRoleFailure 35 …). RBAC RPCs work with authorization off too; see proxy-rules.md §13.
/// </summary>
internal sealed partial class MilvusServiceImpl
{
    private const int MaxRoles = 10, MaxUsers = 100;   // proxy.maxRoleNum, proxy.maxUserNum
    private const int CreateCredentialFailure = 29, CreateRoleFailure = 35, DropRoleFailure = 36, OperateUserRoleFailure = 37;
    private const string RoleNotFound = "not found the role, maybe the role isn't existed or internal system error";
    private const string UserNotFound = "not found the user, maybe the user isn't existed or internal system error";

    private RbacState Rbac => State.Rbac;

    /// <summary>merr.StatusWithErrorCode(err, legacy): code from the cause, the whole text as the reason.</summary>
    private static ServerError Failure(int legacy, string reason, int code = 65535) => new(code, reason, legacy);

    public override Task<Status> CreateCredential(CreateCredentialRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.User(request.Username);
            string password;
            try { password = Encoding.UTF8.GetString(Convert.FromBase64String(request.Password)); }
            catch (FormatException) { throw ServerError.Unexpected("decode password fail: illegal base64 data"); }
            RbacNames.Password(password);
            string user = request.Username.Trim();   // broadcastAlterUserForCreateCredential trims
            if (Rbac.Credentials.ContainsKey(user)) throw Failure(CreateCredentialFailure, $"user already exists: {user}");
            if (Rbac.Credentials.Count >= MaxUsers)
                throw Failure(CreateCredentialFailure, "failed to check if add credential: unable to add user because the number of users has reached the limit");
            Rbac.Credentials[user] = password;
        });

    public override Task<ListCredUsersResponse> ListCredUsers(ListCredUsersRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var r = new ListCredUsersResponse { Status = Ok.Status };
            r.Usernames.AddRange(Rbac.Credentials.Keys.Order(StringComparer.Ordinal));
            return r;
        }, s => new ListCredUsersResponse { Status = s });

    public override Task<Status> CreateRole(CreateRoleRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            string name = request.Entity?.Name ?? "";
            RbacNames.Role(name);
            // Go prints the RoleEntity with %s: its prototext.
            if (Rbac.Roles.Contains(name)) throw Failure(CreateRoleFailure, $"role [name:\"{name}\"] already exists");
            if (Rbac.Roles.Count >= MaxRoles)
                throw Failure(CreateRoleFailure, "failed to check if create role: unable to create role because the number of roles has reached the limit");
            Rbac.Roles.Add(name);
        });

    public override Task<Status> DropRole(DropRoleRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.Role(request.RoleName);
            if (RbacCatalog.DefaultRoles.Contains(request.RoleName))
                throw new ServerError(1401, $"the role[{request.RoleName}] is a default role, which can't be dropped: privilege not permitted");
            if (!Rbac.Roles.Contains(request.RoleName)) throw Failure(DropRoleFailure, RoleNotFound);
            if (!request.ForceDrop && Rbac.Grants.Any(g => g.Role == request.RoleName))
                throw Failure(DropRoleFailure, "failed to check if drop role: fail to drop the role that it has privileges. Use REVOKE API to revoke privileges");
            Rbac.Roles.Remove(request.RoleName);
            Rbac.Bindings.RemoveWhere(b => b.Role == request.RoleName);
            Rbac.Grants.RemoveAll(g => g.Role == request.RoleName);
        });

    public override Task<Status> OperateUserRole(OperateUserRoleRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.User(request.Username);
            RbacNames.Role(request.RoleName);
            if (!Rbac.Roles.Contains(request.RoleName)) throw Failure(OperateUserRoleFailure, RoleNotFound);
            // CheckIfOperateUserRole: every type but RemoveUserFromRole needs the user, an unknown type too.
            if (request.Type != OperateUserRoleType.RemoveUserFromRole && !Rbac.Credentials.ContainsKey(request.Username))
                throw Failure(OperateUserRoleFailure, $"failed to check if operate user role: {UserNotFound}");
            switch (request.Type)
            {
                case OperateUserRoleType.AddUserToRole:
                    Rbac.Bindings.Add((request.Username, request.RoleName));   // binding twice is a second save of the same key
                    break;
                case OperateUserRoleType.RemoveUserFromRole:
                    Rbac.Bindings.Remove((request.Username, request.RoleName));   // removing a missing key is no error
                    break;
                default:
                    throw Failure(OperateUserRoleFailure, "invalid operate user role type");
            }
        });

    public override Task<SelectRoleResponse> SelectRole(SelectRoleRequest request, ServerCallContext context) =>
        Run(() =>
        {
            if (request.Role is not null) RbacNames.Role(request.Role.Name);
            var r = new SelectRoleResponse { Status = Ok.Status };
            // A role that does not exist is an empty success (rootcoord SelectRole: ErrIoKeyNotFound).
            foreach (var role in request.Role is null ? Rbac.Roles : Rbac.Roles.Where(x => x == request.Role.Name))
            {
                var result = new RoleResult { Role = new RoleEntity { Name = role } };
                if (request.IncludeUserInfo)
                    result.Users.AddRange(Rbac.Bindings.Where(b => b.Role == role).Select(b => b.User).Order(StringComparer.Ordinal).Select(u => new UserEntity { Name = u }));
                r.Results.Add(result);
            }
            return r;
        }, s => new SelectRoleResponse { Status = s });

    public override Task<SelectUserResponse> SelectUser(SelectUserRequest request, ServerCallContext context) =>
        Run(() =>
        {
            if (request.User is not null) RbacNames.User(request.User.Name);
            var r = new SelectUserResponse { Status = Ok.Status };
            var users = request.User is null ? Rbac.Credentials.Keys.Order(StringComparer.Ordinal) : Rbac.Credentials.Keys.Where(u => u == request.User.Name);
            foreach (var user in users)
            {
                // root is a super user, not bound to admin: it lists no roles unless one was bound to it.
                var result = new UserResult { User = new UserEntity { Name = user } };
                if (request.IncludeRoleInfo)
                    result.Roles.AddRange(Rbac.Bindings.Where(b => b.User == user).Select(b => b.Role).Order(StringComparer.Ordinal).Select(x => new RoleEntity { Name = x }));
                r.Results.Add(result);
            }
            return r;
        }, s => new SelectUserResponse { Status = s });

    /// <summary>
    /// contextutil.GetCurUserFromContext: the user of the authorization header, which OperatePrivilege records as the
    /// grantor; it needs the header even when authorization is off. With authorization on, the interceptor turns an API
    /// key into its user (here: root); with it off, a key without ':' is refused. Secrets are not echoed (Milvus does).
    /// </summary>
    private string CurrentUser(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header)) throw ServerError.Unexpected("fail to get authorization from the md, authorization:[token]");
        string raw;
        try { raw = Encoding.UTF8.GetString(Convert.FromBase64String(header)); }
        catch (FormatException) { throw ServerError.Unexpected("fail to decode the token"); }
        int colon = raw.IndexOf(':');
        if (colon >= 0) return raw[..colon];
        if (Options.AuthEnabled) return "root";
        throw ServerError.Unexpected("fail to get user info from the raw token");
    }
}
