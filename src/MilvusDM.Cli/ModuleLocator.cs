namespace MilvusDM.Cli;

/// <summary>Where the MilvusDM module is: MILVUSDM_MODULE, Modules/MilvusDM beside the program, or a checkout's out/MilvusDM.</summary>
internal static class ModuleLocator
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("MILVUSDM_MODULE") is { Length: > 0 } set) return File.Exists(set) ? set : null;
        string beside = Path.Combine(AppContext.BaseDirectory, "Modules", "MilvusDM", "MilvusDM.psd1");
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "out", "MilvusDM", "MilvusDM.psd1");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
