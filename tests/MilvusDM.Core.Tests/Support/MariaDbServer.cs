using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace MilvusDM.Core.Tests.Support;

/// <summary>
/// A real MariaDB (Debian's mariadb-server, installed by scripts/setup.sh), started once per test run as the current
/// user on a free loopback port with a throw-away data directory. Each fixture gets its own database (test classes
/// run in parallel) and the user <c>milvus</c>.
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Process? _server;
    private static string _dir = "";

    public static int Port { get; private set; }
    public const string User = "milvus", Password = "milvus-test-pw";
    public string Database { get; } = "milvus_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString => $"Server=127.0.0.1;Port={Port};User ID={User};Password={Password};Database={Database}";
    private static string RootConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Pooling=false";

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is null || _server.HasExited) await StartAsync();
            await using var root = new MySqlConnection(RootConnectionString);
            await root.OpenAsync();
            await using var cmd = root.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {Database}; CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL ON {Database}.* TO '{User}'@'%';";
            await cmd.ExecuteNonQueryAsync();
        }
        finally { Gate.Release(); }
    }

    private static async Task StartAsync()
    {
        _dir = Directory.CreateTempSubdirectory("mariadb").FullName;
        string data = Path.Combine(_dir, "data");
        var install = await ProcessRunner.RunAsync(Tool("mariadb-install-db"),
            ["--no-defaults", $"--datadir={data}", $"--user={Environment.UserName}", "--auth-root-authentication-method=normal", "--skip-test-db"], _dir, TimeSpan.FromMinutes(2));
        if (install.ExitCode != 0) throw new InvalidOperationException("mariadb-install-db failed: " + install.StdErr + install.StdOut);
        Port = FreePort();
        _server = Process.Start(new ProcessStartInfo(Tool("mariadbd"),
            ["--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(_dir, "sock")}", $"--port={Port}", "--bind-address=127.0.0.1",
             $"--user={Environment.UserName}", $"--pid-file={Path.Combine(_dir, "pid")}", $"--log-error={Path.Combine(_dir, "error.log")}", "--innodb-buffer-pool-size=32M"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var root = new MySqlConnection(RootConnectionString);
                await root.OpenAsync();
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(250);
            }
            catch (MySqlException e)
            {
                string log = File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "";
                throw new InvalidOperationException($"MariaDB did not start on port {Port}: {e.Message}\n{log}", e);
            }
        }
    }

    private static void Stop()
    {
        try
        {
            if (_server is { HasExited: false }) { _server.Kill(entireProcessTree: true); _server.WaitForExit(10_000); }
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { }
    }

    /// <summary>Creates Milvus 1.x's tables (MySQL types of milvus1-format.md §3.1–3.2) and copies the builder's rows into them.</summary>
    public async Task LoadAsync(Milvus1Builder builder)
    {
        await using var db = new MySqlConnection(ConnectionString);
        await db.OpenAsync();
        await using (var ddl = db.CreateCommand())
        {
            ddl.CommandText = """
                DROP TABLE IF EXISTS Tables; DROP TABLE IF EXISTS TableFiles; DROP TABLE IF EXISTS Environment; DROP TABLE IF EXISTS Fields;
                CREATE TABLE Environment (global_lsn BIGINT DEFAULT 0 NOT NULL);
                CREATE TABLE Tables (id BIGINT PRIMARY KEY AUTO_INCREMENT, table_id VARCHAR(255) UNIQUE NOT NULL, state INT NOT NULL, dimension SMALLINT NOT NULL,
                  created_on BIGINT NOT NULL, flag BIGINT DEFAULT 0 NOT NULL, index_file_size BIGINT DEFAULT 1024 NOT NULL, engine_type INT DEFAULT 1 NOT NULL,
                  index_params VARCHAR(512) NOT NULL, metric_type INT DEFAULT 1 NOT NULL, owner_table VARCHAR(255) NOT NULL, partition_tag VARCHAR(255) NOT NULL,
                  version VARCHAR(64) DEFAULT '1.1.1', flush_lsn BIGINT DEFAULT 0 NOT NULL);
                CREATE TABLE TableFiles (id BIGINT PRIMARY KEY AUTO_INCREMENT, table_id VARCHAR(255) NOT NULL, segment_id VARCHAR(255) NOT NULL, engine_type INT DEFAULT 1 NOT NULL,
                  file_id VARCHAR(255) NOT NULL, file_type INT DEFAULT 0 NOT NULL, file_size BIGINT DEFAULT 0 NOT NULL, row_count BIGINT DEFAULT 0 NOT NULL,
                  updated_time BIGINT NOT NULL, created_on BIGINT NOT NULL, date INT DEFAULT -1 NOT NULL, flush_lsn BIGINT DEFAULT 0 NOT NULL);
                CREATE TABLE Fields (collection_id VARCHAR(255) NOT NULL, field_name VARCHAR(255) NOT NULL, field_type INT NOT NULL, field_params VARCHAR(255) NOT NULL);
                """;
            await ddl.ExecuteNonQueryAsync();
        }
        var (tables, files) = builder.Rows();
        foreach (var (table, rows) in new[] { ("Tables", tables), ("TableFiles", files) })
            foreach (var row in rows)
            {
                await using var insert = db.CreateCommand();
                insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", row.Select((_, i) => "@p" + i))})";
                for (int i = 0; i < row.Length; i++) insert.Parameters.AddWithValue("@p" + i, row[i]);
                await insert.ExecuteNonQueryAsync();
            }
    }

    private static string Tool(string name) =>
        new[] { "/usr/sbin", "/usr/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed: run scripts/setup.sh (it installs mariadb-server).");

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>The server lives for the whole run (stopped at process exit); this fixture's database goes.</summary>
    public async Task DisposeAsync()
    {
        await using var root = new MySqlConnection(RootConnectionString);
        await root.OpenAsync();
        await using var cmd = root.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS {Database}";
        await cmd.ExecuteNonQueryAsync();
    }
}
