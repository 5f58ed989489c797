using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;

namespace MilvusDM.Cli;

/// <summary>
/// Plain console output: one progress line per step (rewritten in place on a terminal, at most once a second in a
/// log), errors and warnings on stderr as they happen, one line per result on stdout.
/// </summary>
internal sealed class ConsoleReporter(bool verbose)
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private DateTime _lastProgress = DateTime.MinValue;
    private int _progressWidth;

    public int Errors { get; private set; }

    /// <summary>The last progress line ("step: 12,000 of 50,000 rows…"), told when the run is stopped.</summary>
    public string? LastProgress { get; private set; }

    public void Attach(PSDataStreams streams)
    {
        streams.Error.DataAdded += (s, e) => { Errors++; Line($"error: {((PSDataCollection<ErrorRecord>)s!)[e.Index].Exception.Message} [{((PSDataCollection<ErrorRecord>)s!)[e.Index].FullyQualifiedErrorId.Split(',')[0]}]"); };
        streams.Warning.DataAdded += (s, e) => Line("warning: " + ((PSDataCollection<WarningRecord>)s!)[e.Index].Message);
        if (verbose) streams.Verbose.DataAdded += (s, e) => Line("  " + ((PSDataCollection<VerboseRecord>)s!)[e.Index].Message);
        streams.Progress.DataAdded += (s, e) => Progress(((PSDataCollection<ProgressRecord>)s!)[e.Index]);
    }

    /// <summary>Prints results (or the plan); true when a result failed or did not verify.</summary>
    public bool WriteOutput(Collection<PSObject> output, bool showPlan)
    {
        ClearProgress();
        bool failed = false;
        foreach (var o in output)
        {
            var p = o.Properties;
            if (p["Status"]?.Value is string status && p["Rows"]?.Value is long rows)
            {
                var verified = p["Verified"]?.Value as bool?;
                failed |= status is "Failed" or "Cancelled" || verified == false;
                string where = string.Join(" ", new[] { p["Step"]?.Value as string, p["Collection"]?.Value as string, p["Partition"]?.Value as string }.Where(x => !string.IsNullOrEmpty(x)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{where}: {status}, {rows:N0} rows in {(p["Elapsed"]?.Value is TimeSpan t ? t.TotalSeconds : 0):0.0} s{(verified is null ? "" : verified.Value ? ", verified" : ", NOT verified")}"));
            }
            else if (p["Valid"]?.Value is bool valid)
            {
                failed |= !valid;
                Console.WriteLine($"{p["Path"]?.Value}: {(valid ? "valid" : "invalid")} ({p["Form"]?.Value})");
                if (showPlan && p["Steps"]?.Value is IEnumerable<string> steps) foreach (var step in steps) Console.WriteLine("  what if: " + step);
                if (p["Notes"]?.Value is string[] notes) foreach (var note in notes) Console.WriteLine("  note: " + note);
            }
            else Console.WriteLine(o.ToString());
        }
        return failed;
    }

    private void Progress(ProgressRecord r)
    {
        if (r.RecordType == ProgressRecordType.Completed) return;
        LastProgress = $"{r.Activity}: {r.StatusDescription}";
        if (!_terminal && DateTime.UtcNow - _lastProgress < TimeSpan.FromSeconds(1)) return;
        _lastProgress = DateTime.UtcNow;
        string text = $"{r.Activity}: {r.StatusDescription}{(r.PercentComplete >= 0 ? $" ({r.PercentComplete}%)" : "")}";
        if (_terminal)
        {
            Console.Error.Write("\r" + text.PadRight(_progressWidth));
            _progressWidth = text.Length;
        }
        else Console.Error.WriteLine(text);
    }

    private void ClearProgress()
    {
        if (_terminal && _progressWidth > 0) Console.Error.Write("\r" + new string(' ', _progressWidth) + "\r");
        _progressWidth = 0;
    }

    private void Line(string text)
    {
        ClearProgress();
        Console.Error.WriteLine(text);
    }
}
