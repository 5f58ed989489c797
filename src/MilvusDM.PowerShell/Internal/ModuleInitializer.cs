using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// On Import-Module, answers the default context's request for MilvusDM.Core (and only that) from the
/// private "MilvusDM" context; on Remove-Module, stops answering.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static int _registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) AssemblyLoadContext.Default.Resolving += ResolveCore;
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Interlocked.Exchange(ref _registered, 0) == 1) AssemblyLoadContext.Default.Resolving -= ResolveCore;
    }

    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "MilvusDM.Core" ? DependencyLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
