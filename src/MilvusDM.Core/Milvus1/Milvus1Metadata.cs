using System.Data.Common;
using Microsoft.Data.Sqlite;
using MilvusDM.Core.Errors;
using MySqlConnector;

namespace MilvusDM.Core.Milvus1;

/// <summary>
/// Reads the <c>Tables</c> and <c>TableFiles</c> rows of a Milvus 1.x metadata database: SQLite (a copy of
/// <c>meta.sqlite</c> with its <c>-wal</c>/<c>-shm</c> files, never the live file: trap T11) or MySQL.
/// </summary>
public static class Milvus1Metadata
{
    /// <summary>
    /// A MySQL connection string with the user and password set from a credential, else the password from
    /// MILVUSDM_MYSQL_PASSWORD (so it need not be written into the string); null when there is no string. The result holds the secret: never print it.
    /// </summary>
    public static string? ConnectionString(string? connectionString, string? user, string? password)
    {
        if (string.IsNullOrEmpty(connectionString)) return null;
        var b = new MySqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(user)) b.UserID = user;
        if (password is not null) b.Password = password;
        else if (string.IsNullOrEmpty(b.Password) && Environment.GetEnvironmentVariable("MILVUSDM_MYSQL_PASSWORD") is { Length: > 0 } env) b.Password = env;
        return b.ConnectionString;
    }

    public static async Task<Milvus1Catalog> ReadAsync(Milvus1DataPath path, string? mysqlConnectionString, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(mysqlConnectionString))
        {
            try
            {
                await using var mysql = new MySqlConnection(mysqlConnectionString);
                await mysql.OpenAsync(ct).ConfigureAwait(false);
                return await ReadAsync(mysql, "MySQL", ct).ConfigureAwait(false);
            }
            catch (MySqlException e)
            {
                throw new MilvusDMException(MilvusDMErrorKind.Connection, "Milvus1MetadataUnreachable",
                    $"The Milvus 1.x MySQL metadata could not be read: {e.Message}", "Check {MySqlConnectionString} (server, port, user, database) and that the server is reachable.", e);
            }
        }
        string copy = Directory.CreateTempSubdirectory("milvusdm-meta").FullName;
        try
        {
            // The WAL may hold committed rows not yet in the main file: copy all three, open the copy.
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(path.SqliteFile + suffix)) File.Copy(path.SqliteFile + suffix, Path.Combine(copy, "meta.sqlite" + suffix));
            var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(copy, "meta.sqlite"), Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
            await using var sqlite = new SqliteConnection(cs);
            await sqlite.OpenAsync(ct).ConfigureAwait(false);
            return await ReadAsync(sqlite, path.SqliteFile, ct).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Milvus1MetadataInvalid",
                $"'{path.SqliteFile}' is not a readable Milvus 1.x metadata database: {e.Message}", "Copy the data path again while Milvus 1.x is stopped.", e);
        }
        finally
        {
            try { Directory.Delete(copy, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<Milvus1Catalog> ReadAsync(DbConnection db, string where, CancellationToken ct)
    {
        var tables = new List<Milvus1TableRow>();
        var files = new List<Milvus1FileRow>();
        try
        {
            await using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT table_id, state, dimension, metric_type, owner_table, partition_tag, index_file_size, engine_type, index_params, flag, version FROM Tables";
                await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await r.ReadAsync(ct).ConfigureAwait(false))
                    tables.Add(new Milvus1TableRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)),
                        r.GetString(4), r.GetString(5), Convert.ToInt64(r.GetValue(6)), Convert.ToInt32(r.GetValue(7)), r.GetString(8), Convert.ToInt64(r.GetValue(9)),
                        r.IsDBNull(10) ? "" : r.GetString(10)));
            }
            await using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT table_id, segment_id, file_id, file_type, row_count, file_size FROM TableFiles";
                await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await r.ReadAsync(ct).ConfigureAwait(false))
                    files.Add(new Milvus1FileRow(r.GetString(0), r.GetString(1), r.GetString(2), Convert.ToInt32(r.GetValue(3)), Convert.ToInt64(r.GetValue(4)), Convert.ToInt64(r.GetValue(5))));
            }
        }
        catch (DbException e)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Milvus1MetadataInvalid",
                $"{where} does not hold Milvus 1.x metadata (Tables, TableFiles): {e.Message}", "Point at the metadata of a Milvus 0.10.x or 1.x server.", e);
        }
        return new Milvus1Catalog(tables, files);
    }
}
