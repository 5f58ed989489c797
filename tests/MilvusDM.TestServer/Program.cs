using System.Globalization;
using MilvusDM.TestServer;

// dotnet run --project tests/MilvusDM.TestServer -- --port 19530 [--host 0.0.0.0] [--auth] [--discard] [--flush-interval 10]
//     [--segment-rows 4096] [--max-output-size 104857600] [--version v2.6.18] [--user name:password ...] [--storage-root DIR]
var options = new TestServerOptions { Port = 19530 };
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port": options = options with { Port = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--host": options = options with { Host = args[++i] }; break;
        case "--auth": options = options with { AuthEnabled = true }; break;
        case "--user" when args[i + 1].IndexOf(':') > 0:
            var user = args[++i];
            options = options with { Users = new Dictionary<string, string>(options.Users) { [user[..user.IndexOf(':')]] = user[(user.IndexOf(':') + 1)..] } };
            break;
        case "--discard": options = options with { Discard = true }; break;
        case "--version": options = options with { Version = args[++i] }; break;
        case "--flush-interval": options = options with { FlushMinInterval = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)) }; break;
        case "--segment-rows": options = options with { SegmentRows = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--max-output-size": options = options with { MaxOutputSize = long.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--storage-root": options = options with { StorageRoot = Path.GetFullPath(args[++i]) }; break;
        case "-h" or "--help":
            Console.WriteLine("MilvusDM.TestServer: an in-memory server speaking Milvus's gRPC protocol.");
            Console.WriteLine("  --port N           listen port (default 19530; 0 = any free port)");
            Console.WriteLine("  --host ADDR        listen address (default 127.0.0.1)");
            Console.WriteLine("  --auth             require authentication (user root, password Milvus)");
            Console.WriteLine("  --user NAME:PASS   another user besides root (repeatable)");
            Console.WriteLine("  --discard          accept inserts without storing them (benchmarks)");
            Console.WriteLine("  --flush-interval S minimum seconds between flushes of one collection (default 10)");
            Console.WriteLine("  --version V        version to report and follow (default v2.6.99-milvusdm-testserver; e.g. v2.5.14)");
            Console.WriteLine("  --segment-rows N   rows a growing segment holds before it seals (default 4096)");
            Console.WriteLine("  --max-output-size B largest reduced query result in bytes (default 104857600, Milvus's maxOutputSize)");
            Console.WriteLine("  --storage-root DIR folder bulk import reads from (Import's paths are relative to it, as to Milvus's bucket)");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --help.");
            return 2;
    }
}
await using var server = await MilvusTestServer.StartAsync(options);
Console.WriteLine($"MilvusDM.TestServer listening on {server.Uri} (auth {(options.AuthEnabled ? "on" : "off")}, discard {(options.Discard ? "on" : "off")}). Ctrl+C stops it.");
await server.WaitForShutdownAsync();
return 0;
