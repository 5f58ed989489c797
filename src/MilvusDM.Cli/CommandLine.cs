namespace MilvusDM.Cli;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine(IReadOnlyList<string> TaskFiles, string? Command, bool Validate, bool WhatIf, bool Resume, bool Verbose, bool Help, string? Error)
{
    public const string Usage = """
        usage: milvusdm --yaml TASK.yaml [--yaml MORE.yaml] [--whatif] [--resume] [--verbose]
               milvusdm --validate TASK.yaml
               milvusdm -c '<PowerShell command using the MilvusDM cmdlets>'
        Runs MilvusDM task files (the Python MilvusDM's F2M/H2M/M2M/M2H files, or MilvusDM's own steps form).
        --resume continues an interrupted run from its checkpoints (kept in ~/.milvusdm/checkpoints or MILVUSDM_CHECKPOINTS).
        Exit code 0: everything succeeded; 1: a step failed or did not verify; 2: usage error; 130: stopped by Ctrl+C.
        The module is found in MILVUSDM_MODULE, next to this program (Modules/MilvusDM), or in a checkout's out/MilvusDM.
        """;

    public static CommandLine Parse(string[] args)
    {
        var files = new List<string>();
        string? command = null;
        bool validate = false, whatIf = false, resume = false, verbose = false, help = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--yaml" or "-y" or "--validate":
                    if (i + 1 >= args.Length) return Fail($"{a} needs a task file.");
                    files.Add(args[++i]);
                    validate |= a == "--validate";
                    break;
                case "-c" or "--command":
                    if (i + 1 >= args.Length) return Fail($"{a} needs a command.");
                    command = args[++i];
                    break;
                case "--whatif": whatIf = true; break;
                case "--resume": resume = true; break;
                case "--verbose" or "-v": verbose = true; break;
                case "--help" or "-h" or "-?": help = true; break;
                default:
                    if (a.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || a.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) files.Add(a);
                    else return Fail($"unknown argument '{a}'.");
                    break;
            }
        }
        if (!help && files.Count == 0 && command is null) return Fail("give --yaml TASK.yaml or -c COMMAND.");
        if (files.Count > 0 && command is not null) return Fail("give task files or a command, not both.");
        return new CommandLine(files, command, validate, whatIf, resume, verbose, help, null);

        static CommandLine Fail(string error) => new([], null, false, false, false, false, false, error);
    }
}
