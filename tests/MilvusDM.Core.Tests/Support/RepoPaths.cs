namespace MilvusDM.Core.Tests.Support;

/// <summary>Locates the repository (the folder holding MilvusDM.sln) from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MilvusDM.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (MilvusDM.sln) above " + AppContext.BaseDirectory);
    }
}
