using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Checkpoints as small JSON files, one per (source, destination), in a folder (default: MILVUSDM_CHECKPOINTS, else
/// ~/.milvusdm/checkpoints), written to a temporary name and renamed so a crash never leaves half a checkpoint.
/// Only positions and counts are stored: never data, never credentials.
/// </summary>
public sealed class FileCheckpointStore(string? folder = null) : ICheckpointStore
{
    public string Folder { get; } = folder ?? DefaultFolder();

    public static string DefaultFolder() => Environment.GetEnvironmentVariable("MILVUSDM_CHECKPOINTS") is { Length: > 0 } set ? set
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".milvusdm", "checkpoints");

    private sealed record Stored(string Source, string Destination, string Part, long Offset, string? KeyType, string? Key, long Rows, DateTimeOffset At, bool Completed,
        long? InFlightUntil = null);

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private string FileFor(string source, string destination) =>
        Path.Combine(Folder, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + destination)))[..32].ToLowerInvariant() + ".json");

    public Checkpoint? Load(string sourceIdentity, string destination)
    {
        string file = FileFor(sourceIdentity, destination);
        if (!File.Exists(file)) return null;
        try
        {
            var s = JsonSerializer.Deserialize<Stored>(File.ReadAllText(file), Json);
            if (s is null || s.Source != sourceIdentity || s.Destination != destination) return null;
            object? key = s.KeyType switch { "long" => long.Parse(s.Key!, System.Globalization.CultureInfo.InvariantCulture), "string" => s.Key, _ => null };
            return new Checkpoint(s.Source, s.Destination, new SourcePosition { Part = s.Part, Offset = s.Offset, LastKey = key }, s.Rows, s.At, s.Completed, s.InFlightUntil);
        }
        catch (Exception e) when (e is JsonException or IOException or FormatException)
        {
            return null;   // unreadable: start over rather than guess
        }
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, long> _saved = [];

    public void Save(Checkpoint c)
    {
        // The engine saves one run's checkpoints in order; this also keeps a stale one from replacing a newer one.
        lock (_gate)
        {
            string key = c.SourceIdentity + "\n" + c.Destination;
            if (!c.Completed && _saved.TryGetValue(key, out var rows) && rows > c.RowsCommitted) return;
            _saved[key] = c.RowsCommitted;
            Write(c);
        }
    }

    private void Write(Checkpoint c)
    {
        Directory.CreateDirectory(Folder);
        var (type, key) = c.Position.LastKey switch
        {
            long l => ("long", l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            string s => ("string", s),
            null => ((string?)null, (string?)null),
            var other => ("long", Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        string file = FileFor(c.SourceIdentity, c.Destination), temp = file + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Stored(c.SourceIdentity, c.Destination, c.Position.Part, c.Position.Offset, type, key, c.RowsCommitted, c.At, c.Completed, c.InFlightUntil), Json));
        File.Move(temp, file, overwrite: true);
    }

    public void Remove(string sourceIdentity, string destination)
    {
        lock (_gate) _saved.Remove(sourceIdentity + "\n" + destination);
        string file = FileFor(sourceIdentity, destination);
        if (File.Exists(file)) File.Delete(file);
    }

    /// <summary>
    /// An exclusive lock on <c>NAME.lock</c> beside the checkpoint (released by the OS when the process dies, even by
    /// kill -9); <c>NAME.owner</c> says which process holds it, for the error the next run gets.
    /// </summary>
    public IDisposable Acquire(string sourceIdentity, string destination)
    {
        Directory.CreateDirectory(Folder);
        string file = FileFor(sourceIdentity, destination), lockFile = Path.ChangeExtension(file, ".lock"), owner = Path.ChangeExtension(file, ".owner");
        FileStream handle;
        try
        {
            handle = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string who = "another process";
            try { who = File.ReadAllText(owner).Trim(); } catch (IOException) { }
            throw TransferLock.InProgress(sourceIdentity, destination, who);
        }
        File.WriteAllText(owner, $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.Now:u}");
        return new TransferLock.Release(() =>
        {
            try { File.Delete(owner); } catch (IOException) { }
            handle.Dispose();
        });
    }
}

public static class TransferOptionsCheckpoints
{
    /// <summary>The options with checkpoints kept on disk (so an interrupted run can be resumed later), resuming now when asked.</summary>
    public static TransferOptions Persisted(this TransferOptions o, bool resume) => o with { Checkpoints = new FileCheckpointStore(), Resume = resume };
}
