using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace MilvusDM.PowerShell.Internal;

/// <summary>The session's default connection, one per runspace (so parallel runspaces do not share it).</summary>
internal static class ConnectionRegistry
{
    private static readonly ConcurrentDictionary<Guid, MilvusConnection> Defaults = new();

    private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    public static MilvusConnection? Default => Defaults.TryGetValue(Key, out var c) && !c.IsDisposed ? c : null;

    public static void SetDefault(MilvusConnection connection) => Defaults[Key] = connection;

    public static void Clear(MilvusConnection connection)
    {
        foreach (var pair in Defaults.Where(p => ReferenceEquals(p.Value, connection)).ToList())
            Defaults.TryRemove(pair.Key, out _);
    }
}
