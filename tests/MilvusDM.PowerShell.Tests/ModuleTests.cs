using System.Management.Automation;
using System.Runtime.Loader;

namespace MilvusDM.PowerShell.Tests;

public sealed class ModuleTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    [Fact]
    public void TheModuleExportsItsCmdletsAndLoadsCoreInItsOwnContext()
    {
        using var rs = new ModuleRunspace();
        var (commands, _) = rs.Invoke("Get-Command -Module MilvusDM | ForEach-Object Name");
        // Every cmdlet class of the module, derived from the assembly rather than kept by hand.
        var (found, _) = rs.Invoke("(Get-Command Connect-Milvus).ImplementingType.Assembly.GetTypes() | ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { \"$($_.VerbName)-$($_.NounName)\" }");
        var classes = found.Select(c => c.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(classes.Count > 30, string.Join(", ", classes));
        Assert.Equal(classes, commands.Select(c => c.ToString()).Order(StringComparer.Ordinal));

        var (_, shell) = rs.Invoke($"Connect-Milvus -Uri '{fx.Uri}' | Out-Null");
        Assert.Empty(shell.Streams.Error);
        var core = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "MilvusDM.Core");
        Assert.Equal("MilvusDM", AssemblyLoadContext.GetLoadContext(core)!.Name);
        Assert.Contains(Path.Combine("out", "MilvusDM", "Dependencies"), core.Location);
        var grpc = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Google.Protobuf").ToList();
        // The test server's copy sits in the default context; the module's own copy in "MilvusDM".
        Assert.Contains(grpc, a => AssemblyLoadContext.GetLoadContext(a)!.Name == "MilvusDM");
        Assert.Contains(grpc, a => AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
    }

    [Fact]
    public void CollectionNamesTabComplete()
    {
        using var rs = new ModuleRunspace();
        var (_, setup) = rs.Invoke($"""
            Connect-Milvus -Uri '{fx.Uri}' | Out-Null
            New-MilvusCollection -Name complete_me_one -Dimension 4 | Out-Null
            New-MilvusCollection -Name complete_me_two -Dimension 4 | Out-Null
            """);
        Assert.Empty(setup.Streams.Error);
        foreach (var line in new[] { "Get-MilvusCollection complete_me", "Copy-MilvusCollection -Name complete_me", "Import-Hdf5 x.h5 -CollectionName complete_me" })
        {
            var (matches, shell) = rs.Invoke($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(["complete_me_one", "complete_me_two"], matches.Select(m => m.ToString()));
        }
    }

    [Theory]
    [InlineData("about_MilvusDM", "moves vector data")]
    [InlineData("about_MilvusDM_TaskFile", "Task files describe transfers")]
    [InlineData("about_MilvusDM_Formats", "How every Milvus 2.6 field type travels")]
    public void AboutTopicsAreShippedWithTheModule(string topic, string text)
    {
        using var rs = new ModuleRunspace();
        var (help, shell) = rs.Invoke($"Get-Help {topic}");
        Assert.Empty(shell.Streams.Error);
        Assert.Contains(text, string.Concat(help.Select(h => h.ToString())));
    }

    [Fact]
    public void NoThirdPartyAssemblySitsNextToTheRootModule()
    {
        var dir = Path.GetDirectoryName(ModuleRunspace.ModulePath)!;
        Assert.Equal(["MilvusDM.PowerShell.dll"], Directory.GetFiles(dir, "*.dll").Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Combine(dir, "Dependencies", "MilvusDM.Core.deps.json")));
        var manifest = File.ReadAllText(ModuleRunspace.ModulePath);
        Assert.DoesNotContain("{{ModuleVersion}}", manifest);
    }
}

/// <summary>
/// PowerShell enumerates every type of the root assembly before the module initializer runs: no type there may
/// need MilvusDM.Core to load (no Core base types or interfaces, no async code awaiting Core types).
/// </summary>
public sealed class RootAssemblyIsolationTests
{
    [Fact]
    public void EveryTypeOfTheRootAssemblyLoadsWithoutCore()
    {
        var context = new CoreBlindContext();
        try
        {
            var asm = context.LoadFromAssemblyPath(Path.Combine(Path.GetDirectoryName(ModuleRunspace.ModulePath)!, "MilvusDM.PowerShell.dll"));
            var types = asm.GetTypes();
            Assert.Contains(types, t => t.Name == "WriteMilvusCollectionCommand");
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            var loaded = e.Types.Where(t => t is not null).Select(t => t!.FullName!).ToHashSet();
            var failed = AllTypeNames().Where(n => n.StartsWith("MilvusDM.", StringComparison.Ordinal) && !n.Contains('<') && !loaded.Contains(n)).ToList();
            Assert.True(failed.Count > 0, "loading failed, but every named type loaded: " + string.Join("; ", e.LoaderExceptions.Select(x => x?.Message)));
            Assert.Fail("Types of the root assembly need MilvusDM.Core to load: " + string.Join(", ", failed));
        }
        finally
        {
            context.Unload();
        }
    }

    private static IEnumerable<string> AllTypeNames()
    {
        using var stream = File.OpenRead(Path.Combine(Path.GetDirectoryName(ModuleRunspace.ModulePath)!, "MilvusDM.PowerShell.dll"));
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var h in md.TypeDefinitions)
        {
            var t = md.GetTypeDefinition(h);
            string name = md.GetString(t.Name);
            var declaring = t.GetDeclaringType();
            yield return declaring.IsNil ? $"{md.GetString(t.Namespace)}.{name}" : $"{md.GetString(md.GetTypeDefinition(declaring).Namespace)}.{md.GetString(md.GetTypeDefinition(declaring).Name)}+{name}";
        }
    }

    private sealed class CoreBlindContext() : AssemblyLoadContext("core-blind", isCollectible: true)
    {
        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name) =>
            name.Name == "MilvusDM.Core" ? throw new FileNotFoundException("MilvusDM.Core is deliberately not resolvable here.") : null;
    }
}
