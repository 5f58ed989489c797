using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Milvus1;

/// <summary>
/// A Milvus 1.x data path: <c>storage.path</c> (holding <c>db/</c>) or the <c>db</c> folder itself, with
/// <c>tables/</c> and, unless the metadata is in MySQL, <c>meta.sqlite</c>.
/// </summary>
public sealed class Milvus1DataPath
{
    private Milvus1DataPath(string db) => DbFolder = db;

    /// <summary>The folder holding <c>tables/</c> and <c>meta.sqlite</c>.</summary>
    public string DbFolder { get; }

    public string TablesFolder => Path.Combine(DbFolder, "tables");
    public string SqliteFile => Path.Combine(DbFolder, "meta.sqlite");

    public string SegmentFolder(Milvus1Segment s) => Path.Combine(TablesFolder, s.TableId, s.SegmentId);

    public static Milvus1DataPath Open(string path, bool mysqlMetadata)
    {
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "Milvus1PathNotFound", $"Folder '{full}' does not exist.", "Give the Milvus 1.x storage.path (the folder holding db/).");
        foreach (var candidate in new[] { Path.Combine(full, "db"), full })
        {
            bool tables = Directory.Exists(Path.Combine(candidate, "tables"));
            bool sqlite = File.Exists(Path.Combine(candidate, "meta.sqlite"));
            if (tables && (sqlite || mysqlMetadata)) return new Milvus1DataPath(candidate);
        }
        throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "Milvus1NotADataPath",
            $"'{full}' is not a Milvus 1.x data path: neither it nor its db/ folder holds tables/{(mysqlMetadata ? "" : " and meta.sqlite")}.",
            mysqlMetadata ? "Give the storage.path of the Milvus 1.x server (the folder holding db/tables/)."
                : "Give the storage.path of the Milvus 1.x server (the folder holding db/); if its metadata is in MySQL, pass {MySqlConnectionString}.");
    }
}
