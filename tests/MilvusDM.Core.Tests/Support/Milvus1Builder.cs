using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace MilvusDM.Core.Tests.Support;

/// <summary>
/// Builds a Milvus 1.x data path the way the server would leave it (milvus1-format.md §5): meta.sqlite with the
/// 1.1 DDL in WAL mode, one folder per table, segment files with their 8-byte headers, and the events that create
/// the traps (TO_INDEX, INDEX+BACKUP, merges, deletions, drops, NEW rows). The ground truth is kept from the
/// events themselves, never by re-reading the files.
/// </summary>
public sealed class Milvus1Builder : IDisposable
{
    private readonly SqliteConnection _db;
    private long _micros = 1_624_183_200_000_000;
    private readonly Dictionary<string, Segment> _segments = [];
    private readonly Dictionary<string, (string Collection, string Tag)> _owners = [];

    private sealed record Segment(string TableId, List<long> Ids, List<byte[]> Vectors, List<int> DeletedLog, HashSet<int> Dead);

    public Milvus1Builder(string root)
    {
        Root = root;
        Directory.CreateDirectory(Path.Combine(root, "db", "tables"));
        File.WriteAllBytes(Path.Combine(root, "lock"), []);
        _db = new SqliteConnection($"Data Source={Path.Combine(root, "db", "meta.sqlite")};Pooling=False");
        _db.Open();
        Exec("""
            CREATE TABLE IF NOT EXISTS Environment(global_lsn INTEGER DEFAULT (0) NOT NULL);
            CREATE TABLE IF NOT EXISTS Tables(id INTEGER PRIMARY KEY NOT NULL,table_id TEXT UNIQUE NOT NULL,state INTEGER NOT NULL,dimension INTEGER NOT NULL,created_on INTEGER NOT NULL,flag INTEGER DEFAULT (0) NOT NULL,index_file_size INTEGER NOT NULL,engine_type INTEGER NOT NULL,index_params TEXT NOT NULL,metric_type INTEGER NOT NULL,owner_table TEXT DEFAULT ('') NOT NULL,partition_tag TEXT DEFAULT ('') NOT NULL,version TEXT DEFAULT ('1.1.1') NOT NULL,flush_lsn INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS TableFiles(id INTEGER PRIMARY KEY NOT NULL,table_id TEXT NOT NULL,segment_id TEXT DEFAULT ('') NOT NULL,engine_type INTEGER NOT NULL,file_id TEXT NOT NULL,file_type INTEGER NOT NULL,file_size INTEGER DEFAULT (0) NOT NULL,row_count INTEGER DEFAULT (0) NOT NULL,updated_time INTEGER NOT NULL,created_on INTEGER NOT NULL,date INTEGER NOT NULL,flush_lsn INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS Fields(collection_id TEXT NOT NULL,field_name TEXT NOT NULL,field_type INTEGER NOT NULL,field_params TEXT NOT NULL);
            PRAGMA journal_mode = WAL;
            INSERT INTO Environment VALUES (0);
            """);
    }

    public string Root { get; }

    /// <summary>Live rows per (collection, tag) as the events left them, in insertion order.</summary>
    public Dictionary<(string Collection, string Tag), List<(long Id, byte[] Vector)>> Truth { get; } = [];

    private long Now() => _micros += 1 + Random.Shared.Next(50);
    private string NewId() => (Now() * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void CreateCollection(string name, int dimension, int metric, string version = "1.1.1", int engine = 0)
    {
        Exec("INSERT INTO Tables VALUES (NULL, $t, 0, $d, $c, 0, $s, $e, '{}', $m, '', '', $v, 0)",
            ("$t", name), ("$d", dimension), ("$c", Now()), ("$s", 1024L << 20), ("$e", engine != 0 ? engine : metric >= 3 ? 9 : 1), ("$m", metric), ("$v", version));
        Directory.CreateDirectory(TableFolder(name));
        _owners[name] = (name, "_default");
        Truth[(name, "_default")] = [];
    }

    public string CreatePartition(string collection, string tag)
    {
        string id = NewId();
        Exec("INSERT INTO Tables SELECT NULL, $t, 0, dimension, $c, 0, index_file_size, engine_type, index_params, metric_type, $o, $g, version, 0 FROM Tables WHERE table_id = $o",
            ("$t", id), ("$c", Now()), ("$o", collection), ("$g", tag));
        Directory.CreateDirectory(TableFolder(id));
        _owners[id] = (collection, tag);
        Truth[(collection, tag)] = [];
        return id;
    }

    /// <summary>Insert + flush: a RAW segment (NEW first, as the server does).</summary>
    public string Insert(string tableId, long[] ids, byte[][] vectors, bool userIds = true)
    {
        string seg = NewId();
        long now = Now();
        Exec("INSERT INTO TableFiles VALUES (NULL, $t, $s, 1, $s, 0, 0, 0, $u, $u, 1210620, 0)", ("$t", tableId), ("$s", seg), ("$u", now));
        string folder = Path.Combine(TableFolder(tableId), seg);
        Directory.CreateDirectory(folder);
        var segment = new Segment(tableId, [.. ids], [.. vectors], [], []);
        _segments[seg] = segment;
        WriteFiles(seg, segment);
        long size = vectors.Sum(v => (long)v.Length) + ids.Length * 8L;
        Exec("UPDATE TableFiles SET file_type = 1, row_count = $n, file_size = $z WHERE segment_id = $s", ("$n", ids.Length), ("$z", size), ("$s", seg));
        string owner = _owners[tableId].Collection;
        Exec("UPDATE Tables SET flag = flag | $f WHERE table_id = $o", ("$f", userIds ? 2 : 1), ("$o", owner));
        var truth = Truth[_owners[tableId]];
        for (int i = 0; i < ids.Length; i++) truth.Add((ids[i], vectors[i]));
        return seg;
    }

    /// <summary>A delete round: offsets appended (unsorted across rounds); <paramref name="countTwice"/> repeats the pre-1.1.1 bug of counting an offset again.</summary>
    public void Delete(string seg, int[] offsets, bool countTwice = false)
    {
        var s = _segments[seg];
        int newlyDead = 0;
        foreach (var o in offsets)
        {
            s.DeletedLog.Add(o);
            if (s.Dead.Add(o))
            {
                newlyDead++;
                Truth[_owners[s.TableId]].Remove((s.Ids[o], s.Vectors[o]));
            }
        }
        WriteDeleted(seg, s);
        Exec("UPDATE TableFiles SET row_count = row_count - $n WHERE segment_id = $s AND file_type IN (1, 2, 3, 7)", ("$n", countTwice ? offsets.Length : newlyDead), ("$s", seg));
    }

    public void MarkToIndex(string seg) => Exec("UPDATE TableFiles SET file_type = 2 WHERE segment_id = $s AND file_type = 1", ("$s", seg));

    /// <summary>create_index: the collection and its live partitions change engine; built segments get INDEX + BACKUP.</summary>
    public void SetIndex(string collection, int engine, string indexParams) =>
        Exec("UPDATE Tables SET engine_type = $e, index_params = $p WHERE (table_id = $c OR owner_table = $c) AND state = 0", ("$e", engine), ("$p", indexParams), ("$c", collection));

    public void BuildIndex(string seg)
    {
        string file = NewId();
        var s = _segments[seg];
        File.WriteAllBytes(Path.Combine(TableFolder(s.TableId), seg, file), [2, 0, 0, 0, 0x49, 0x56, 0x46]);   // an index file: never read
        Exec("INSERT INTO TableFiles SELECT NULL, table_id, segment_id, 2, $f, 3, 7, row_count, $u, $u, date, 0 FROM TableFiles WHERE segment_id = $s AND file_type IN (1, 2)",
            ("$f", file), ("$u", Now()), ("$s", seg));
        Exec("UPDATE TableFiles SET file_type = 7 WHERE segment_id = $s AND file_type IN (1, 2)", ("$s", seg));
    }

    /// <summary>Merge: a new RAW segment of the inputs' live rows; the inputs become TO_DELETE with their files left on disk.</summary>
    public string Merge(params string[] inputs)
    {
        var first = _segments[inputs[0]];
        var ids = new List<long>(); var vectors = new List<byte[]>();
        foreach (var input in inputs)
        {
            var s = _segments[input];
            for (int i = 0; i < s.Ids.Count; i++)
                if (!s.Dead.Contains(i)) { ids.Add(s.Ids[i]); vectors.Add(s.Vectors[i]); }
        }
        var truth = Truth[_owners[first.TableId]];
        var saved = truth.ToList();
        string merged = Insert(first.TableId, [.. ids], [.. vectors]);
        truth.Clear();
        truth.AddRange(saved);   // the same rows, now in the merged segment
        foreach (var input in inputs) Exec("UPDATE TableFiles SET file_type = 4 WHERE segment_id = $s", ("$s", input));
        return merged;
    }

    /// <summary>An in-flight NEW row with its empty folder.</summary>
    public void AddNewRow(string tableId)
    {
        string seg = NewId();
        Exec("INSERT INTO TableFiles VALUES (NULL, $t, $s, 1, $s, 0, 0, 0, $u, $u, 1210620, 0)", ("$t", tableId), ("$s", seg), ("$u", Now()));
        Directory.CreateDirectory(Path.Combine(TableFolder(tableId), seg));
    }

    /// <summary>drop_partition / drop_collection: state 1 and files TO_DELETE; rows and folders stay until cleanup.</summary>
    public void Drop(string tableId)
    {
        var (collection, tag) = _owners[tableId];
        var tables = tag == "_default" ? _owners.Where(o => o.Value.Collection == collection).Select(o => o.Key).ToList() : [tableId];
        foreach (var t in tables)
        {
            Exec("UPDATE Tables SET state = 1 WHERE table_id = $t", ("$t", t));
            Exec("UPDATE TableFiles SET file_type = 4 WHERE table_id = $t", ("$t", t));
            Truth.Remove(_owners[t]);
            _owners.Remove(t);
        }
    }

    /// <summary>Overwrites one segment file (tests of damaged data).</summary>
    public string SegmentFile(string seg, string suffix) => Path.Combine(TableFolder(_segments[seg].TableId), seg, suffix.StartsWith('.') ? seg + suffix : suffix);

    /// <summary>Both metadata tables, row by row, for loading the same metadata into MySQL.</summary>
    public (List<object?[]> Tables, List<object?[]> Files) Rows()
    {
        static List<object?[]> All(SqliteConnection db, string table)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY id";
            using var r = cmd.ExecuteReader();
            var rows = new List<object?[]>();
            while (r.Read()) { var row = new object?[r.FieldCount]; r.GetValues(row!); rows.Add(row); }
            return rows;
        }
        return (All(_db, "Tables"), All(_db, "TableFiles"));
    }

    private string TableFolder(string tableId) => Path.Combine(Root, "db", "tables", tableId);

    private void WriteFiles(string seg, Segment s)
    {
        string folder = Path.Combine(TableFolder(s.TableId), seg);
        WithHeader(Path.Combine(folder, seg + ".rv"), s.Vectors.SelectMany(v => v).ToArray());
        var ids = new byte[s.Ids.Count * 8];
        for (int i = 0; i < s.Ids.Count; i++) BinaryPrimitives.WriteInt64LittleEndian(ids.AsSpan(i * 8), s.Ids[i]);
        WithHeader(Path.Combine(folder, seg + ".uid"), ids);
        WriteDeleted(seg, s);
        var bloom = new byte[28 + 64];
        BinaryPrimitives.WriteInt64LittleEndian(bloom, 0x305F6D6F6F6C62);
        File.WriteAllBytes(Path.Combine(folder, "bloom_filter"), bloom);
    }

    private void WriteDeleted(string seg, Segment s)
    {
        var bytes = new byte[s.DeletedLog.Count * 4];
        for (int i = 0; i < s.DeletedLog.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), s.DeletedLog[i]);
        WithHeader(Path.Combine(TableFolder(s.TableId), seg, "deleted_docs"), bytes);
    }

    private static void WithHeader(string path, byte[] payload)
    {
        var bytes = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)payload.Length);
        payload.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }

    private void Exec(string sql, params (string Name, object Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
