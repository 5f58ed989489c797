namespace MilvusDM.Core.Tasks;

/// <summary>Paths in a task file are relative to the file's folder; hosts become gRPC URIs.</summary>
internal static class TaskPaths
{
    public static string Resolve(string baseDir, string path) =>
        Path.GetFullPath(path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]) : Path.Combine(baseDir, path));

    public static string Uri(string host, int port) => host.Contains("://", StringComparison.Ordinal) ? $"{host.TrimEnd('/')}:{port}" : $"http://{host}:{port}";
}
