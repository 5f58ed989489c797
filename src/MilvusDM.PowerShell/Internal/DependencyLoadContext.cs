using System.Reflection;
using System.Runtime.Loader;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// The private load context named "MilvusDM": loads MilvusDM.Core and its packages (gRPC, Protobuf, …) from
/// Dependencies/, resolved through Core's deps.json, so other modules' versions of them never clash with ours.
/// Framework and PowerShell assemblies come from the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    private DependencyLoadContext(string directory) : base("MilvusDM", isCollectible: false)
    {
        _directory = directory;
        _resolver = new AssemblyDependencyResolver(Path.Combine(directory, "MilvusDM.Core.dll"));
    }

    public static DependencyLoadContext Instance { get; } = new(Path.Combine(
        Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!, "Dependencies"));

    public string Directory => _directory;

    protected override Assembly? Load(AssemblyName name)
    {
        string? path = _resolver.ResolveAssemblyToPath(name);
        return path is not null && path.StartsWith(_directory, StringComparison.Ordinal) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
