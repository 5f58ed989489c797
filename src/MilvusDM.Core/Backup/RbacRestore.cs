using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>Where one restored collection came from and where it goes (grants follow it).</summary>
internal sealed record RestoredCollection(string SourceDatabase, string SourceName, string TargetDatabase, string TargetName);

/// <summary>What a restore of a backup's RBAC part creates on the target (only what the target lacks), and what it cannot.</summary>
internal sealed record RbacPlan(
    IReadOnlyList<string> NewGroups,
    IReadOnlyList<RbacPrivilegeGroup> Groups,
    IReadOnlyList<string> Roles,
    IReadOnlyList<RbacGrant> Grants,
    IReadOnlyList<(string User, string Role)> Bindings,
    IReadOnlyList<string> Notes)
{
    /// <summary>The plan in words, for -WhatIf and the confirmation.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (NewGroups.Count > 0) parts.Add($"privilege group(s) {string.Join(", ", NewGroups)}");
        if (Groups.Count > 0) parts.Add($"group privileges {string.Join(", ", Groups.Select(g => $"{g.Name} += {string.Join(" ", g.Privileges)}"))}");
        if (Roles.Count > 0) parts.Add($"role(s) {string.Join(", ", Roles)}");
        if (Grants.Count > 0) parts.Add($"{Grants.Count} grant(s): {string.Join("; ", Grants)}");
        if (Bindings.Count > 0) parts.Add($"role binding(s) {string.Join(", ", Bindings.Select(b => $"{b.User} → {b.Role}"))}");
        return (parts.Count == 0 ? "nothing to create (the target has every role, group and grant)" : "create " + string.Join("; ", parts))
            + (Notes.Count > 0 ? ". " + string.Join(" ", Notes) : "");
    }
}

/// <summary>
/// Restores a backup's RBAC part, idempotently: privilege groups, roles, grants and role bindings the target lacks are
/// created; what exists is left alone. Grants follow their collections: a grant on a restored collection goes to the
/// collection's target database and name (DestinationDatabase, Rename), and a database-wide grant (object "*") of a
/// database the restored collections came from goes to DestinationDatabase when one is given. Users are never created
/// (their passwords are not in the backup): roles are bound to users the target has, and the others are named in a
/// note. Every check is made before anything is written: a privilege the target's Milvus version does not know is an
/// error naming it.
/// </summary>
public static class RbacRestore
{
    /// <summary>The unit name (and result source) of a restore's RBAC part.</summary>
    public const string UnitName = "rbac";

    /// <summary>How the RBAC result's note naming the users it could not bind begins (hosts show it as a warning).</summary>
    public const string MissingUsersNote = "Users not on the target";

    /// <summary>
    /// The RBAC part of a restore as a unit of the job, planned (and so checked) now, before anything is written; it
    /// runs after the collections, and its one result's notes tell what was created.
    /// </summary>
    internal static async Task<JobUnit> PrepareAsync(BackupManifest manifest, RestoreOptions o, string folder, IReadOnlyList<RestoredCollection> restored, CancellationToken ct)
    {
        var rbac = manifest.Rbac ?? throw new MilvusDMException(MilvusDMErrorKind.NotFound, "RestoreRbacNotInBackup",
            "The backup holds no roles or grants: it was taken without its RBAC part.", "Restore without {IncludeRbac}, or back up again with {IncludeRbac}.");
        var plan = await PlanAsync(o.Destination, manifest, rbac, restored, o.DestinationDatabase, ct).ConfigureAwait(false);
        return new JobUnit(UnitName, new WritePlan($"roles and grants on {o.Destination.Address}", $"Restore RBAC from backup {folder}: {plan.Describe()}", WriteMode.Append),
            async (_, c) =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var notes = await ApplyAsync(o.Destination, plan, c).ConfigureAwait(false);
                return [new TransferResult { Source = UnitName, Destination = o.Destination.Address.ToString(), Status = TransferStatus.Succeeded, Elapsed = clock.Elapsed, Notes = notes }];
            });
    }

    internal static async Task<RbacPlan> PlanAsync(MilvusClient client, BackupManifest manifest, BackupRbac rbac, IReadOnlyList<RestoredCollection> restored,
        string? destinationDatabase, CancellationToken ct)
    {
        string version = await client.GetVersionAsync(ct).ConfigureAwait(false);
        var targetRoles = (await client.ListRolesAsync(ct).ConfigureAwait(false)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        bool hasGroups = true;
        IReadOnlyList<RbacPrivilegeGroup> targetGroups;
        try { targetGroups = await client.ListPrivilegeGroupsAsync(ct).ConfigureAwait(false); }
        catch (MilvusServerException e) when (e.ErrorId == "MilvusRpcUnsupported") { targetGroups = []; hasGroups = false; }

        foreach (var role in rbac.Roles.Concat(rbac.Grants.Select(g => g.Role)).Distinct()) NameRules.CheckRole(role);
        foreach (var group in rbac.PrivilegeGroups) NameRules.CheckPrivilegeGroup(group.Name);
        var grants = rbac.Grants.Select(g => Follow(g, restored, destinationDatabase)).DistinctBy(g => g.Key).ToList();
        CheckPrivileges(client, manifest, rbac, grants, version, hasGroups, targetGroups);

        var newGroups = rbac.PrivilegeGroups.Select(g => g.Name).Where(n => targetGroups.All(t => t.Name != n)).ToList();
        var groups = new List<RbacPrivilegeGroup>();
        foreach (var g in rbac.PrivilegeGroups)
        {
            var existing = targetGroups.FirstOrDefault(t => t.Name == g.Name);
            var missing = g.Privileges.Where(p => existing is null || !existing.Privileges.Contains(p)).ToList();
            if (missing.Count > 0) groups.Add(new RbacPrivilegeGroup(g.Name, missing));
        }
        var notes = new List<string>();
        var databases = (await client.ListDatabasesAsync(ct).ConfigureAwait(false)).Concat(restored.Select(r => r.TargetDatabase)).ToHashSet(StringComparer.Ordinal);
        var existingGrants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in grants.Select(g => g.Role).Distinct().Where(targetRoles.Contains))
            foreach (var g in await client.ListGrantsAsync(role, ct).ConfigureAwait(false)) existingGrants.Add(g.Key);
        var toGrant = new List<RbacGrant>();
        foreach (var g in grants.Where(g => !existingGrants.Contains(g.Key)))
        {
            // Milvus looks a named collection up in its database (proxy.resolveAliasForPrivilege): that database must exist.
            if (g.ObjectName != "*" && g.ObjectType != "User" && !databases.Contains(g.Database is "" ? "default" : g.Database))
                notes.Add($"Not granted: {g} (database '{g.Database}' does not exist on the target).");
            else toGrant.Add(g);
        }
        if (toGrant.Count > 0 && !client.HasIdentity)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "RestoreRbacNeedsUser",
                $"The backup's {toGrant.Count} grant(s) the target lacks cannot be made on {client.Address} without a user: Milvus records who granted each privilege.",
                "Connect with a user name and password (or a token) of a user allowed to grant, then restore again.");

        var targetUsers = (await client.ListUsersAsync(ct).ConfigureAwait(false)).ToDictionary(u => u.Name, StringComparer.Ordinal);
        var bindings = new List<(string, string)>();
        var missingUsers = new List<string>();
        foreach (var user in rbac.Users.Where(u => u.Roles.Count > 0))
        {
            if (!targetUsers.TryGetValue(user.Name, out var existing)) { missingUsers.Add($"{user.Name} ({string.Join(", ", user.Roles)})"); continue; }
            bindings.AddRange(user.Roles.Where(r => !existing.Roles.Contains(r)).Select(r => (user.Name, r)));
        }
        if (missingUsers.Count > 0)
            notes.Add($"{MissingUsersNote} (their roles are not bound; passwords are not in the backup): {string.Join(", ", missingUsers)}. Create them with a password, then restore the RBAC part again.");
        return new RbacPlan(newGroups, groups, rbac.Roles.Where(r => !targetRoles.Contains(r)).ToList(), toGrant, bindings, notes);
    }

    /// <summary>A grant moved with the restored collection it names, or with its database to DestinationDatabase.</summary>
    private static RbacGrant Follow(RbacGrant g, IReadOnlyList<RestoredCollection> restored, string? destinationDatabase)
    {
        if (g.ObjectType == "User" || g.Database == "*") return g;
        string db = g.Database is "" ? "default" : g.Database;
        if (g.ObjectName != "*")
            return restored.FirstOrDefault(r => r.SourceDatabase == db && r.SourceName == g.ObjectName) is { } r
                ? g with { Database = r.TargetDatabase, ObjectName = r.TargetName } : g;
        return destinationDatabase is not null && restored.Any(r => r.SourceDatabase == db) ? g with { Database = destinationDatabase } : g;
    }

    /// <summary>Every privilege the grants and groups name is a built-in one of the target's version, or a group the target has or gets.</summary>
    private static void CheckPrivileges(MilvusClient client, BackupManifest manifest, BackupRbac rbac, IReadOnlyList<RbacGrant> grants,
        string version, bool hasGroups, IReadOnlyList<RbacPrivilegeGroup> targetGroups)
    {
        if (!hasGroups && rbac.PrivilegeGroups.Count > 0)
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "RestoreRbacGroupsUnsupported",
                $"The backup holds privilege group(s) {string.Join(", ", rbac.PrivilegeGroups.Select(g => g.Name))}, but {client.Address} (Milvus {version}) has no privilege groups.",
                "Restore into a Milvus 2.4.16 or later server, or restore without {IncludeRbac}.");
        var groups = targetGroups.Select(g => g.Name).Concat(rbac.PrivilegeGroups.Select(g => g.Name)).ToHashSet(StringComparer.Ordinal);
        bool Known(string p) => RbacPrivileges.IsBuiltIn(p, version) || groups.Contains(p);
        var unknown = grants.Select(g => (g.Privilege, Where: g.ToString()))
            .Concat(rbac.PrivilegeGroups.SelectMany(g => g.Privileges.Select(p => (Privilege: p, Where: $"privilege group '{g.Name}'"))))
            .FirstOrDefault(x => !Known(x.Privilege));
        if (unknown.Privilege is not null)
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "RestoreRbacUnknownPrivilege",
                $"The backup names privilege '{unknown.Privilege}' ({unknown.Where}), which {client.Address} (Milvus {version}) does not know; nothing was restored.",
                $"Restore into a server at least as new as the backup's ({(manifest.ServerVersion is { Length: > 0 } v ? v : "its source")}), or restore without {{IncludeRbac}}.");
    }

    /// <summary>Makes the plan: groups (created, then filled: a group may name another), roles, grants, bindings.</summary>
    internal static async Task<IReadOnlyList<string>> ApplyAsync(MilvusClient client, RbacPlan plan, CancellationToken ct)
    {
        var notes = new List<string>();
        foreach (var name in plan.NewGroups)
        {
            await client.CreatePrivilegeGroupAsync(name, ct).ConfigureAwait(false);
            notes.Add($"Created privilege group '{name}'.");
        }
        foreach (var g in plan.Groups)
        {
            await client.AlterPrivilegeGroupAsync(g.Name, g.Privileges, ct: ct).ConfigureAwait(false);
            notes.Add($"Added {string.Join(", ", g.Privileges)} to privilege group '{g.Name}'.");
        }
        foreach (var role in plan.Roles)
        {
            await client.CreateRoleAsync(role, ct).ConfigureAwait(false);
            notes.Add($"Created role '{role}'.");
        }
        bool v2 = true;
        foreach (var g in plan.Grants)
        {
            if (v2)
                try { await client.GrantV2Async(g.Role, g.Privilege, g.Database, g.ObjectName, ct: ct).ConfigureAwait(false); }
                catch (MilvusServerException e) when (e.ErrorId == "MilvusRpcUnsupported") { v2 = false; }   // before 2.4: only the original RPC
            if (!v2) await client.GrantAsync(g, ct: ct).ConfigureAwait(false);
        }
        if (plan.Grants.Count > 0) notes.Add($"Granted {plan.Grants.Count} privilege(s).");
        foreach (var (user, role) in plan.Bindings)
        {
            await client.BindRoleAsync(user, role, ct: ct).ConfigureAwait(false);
            notes.Add($"Bound role '{role}' to user '{user}'.");
        }
        return [.. notes, .. plan.Notes];
    }
}
