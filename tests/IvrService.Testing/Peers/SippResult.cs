using System.Globalization;
using System.Text;

namespace IvrService.Testing;

/// <summary>What SIPp's exit code says (sipp(1), "Exit codes").</summary>
public enum SippExitKind
{
    /// <summary>0: all calls were successful.</summary>
    AllCallsSucceeded,

    /// <summary>1: at least one call failed (SIPp 3.6.1 also exits 1 on scenario load errors).</summary>
    CallsFailed,

    /// <summary>97: exit on internal command (e.g. -timeout reached); calls may have been processed.</summary>
    InternalCommand,

    /// <summary>99: normal exit without calls processed.</summary>
    NoCallsProcessed,

    /// <summary>255 (-1): fatal error, including a scenario &lt;error&gt; action.</summary>
    FatalError,

    /// <summary>254 (-2): fatal error binding a socket.</summary>
    BindError,

    /// <summary>Anything else (e.g. killed by a signal).</summary>
    Other,
}

/// <summary>
/// The outcome of one SIPp run: exit code and the final cumulative counters of its statistics
/// file (<c>-trace_stat</c>), plus the traces for assertion messages.
/// </summary>
public sealed record SippResult(
    int ExitCode,
    IReadOnlyDictionary<string, string> Statistics,
    string ErrorTrace,
    string StandardOutput,
    string StandardError,
    string CommandLine)
{
    /// <summary>Meaning of <see cref="ExitCode"/>.</summary>
    public SippExitKind ExitKind => ExitCode switch
    {
        0 => SippExitKind.AllCallsSucceeded,
        1 => SippExitKind.CallsFailed,
        97 => SippExitKind.InternalCommand,
        99 => SippExitKind.NoCallsProcessed,
        255 or -1 => SippExitKind.FatalError,
        254 or -2 => SippExitKind.BindError,
        _ => SippExitKind.Other,
    };

    /// <summary>SuccessfulCall(C): calls that reached the end of the scenario.</summary>
    public long SuccessfulCalls => Counter("SuccessfulCall(C)");

    /// <summary>FailedCall(C).</summary>
    public long FailedCalls => Counter("FailedCall(C)");

    /// <summary>TotalCallCreated.</summary>
    public long CallsCreated => Counter("TotalCallCreated");

    /// <summary>Retransmissions(C): messages SIPp retransmitted.</summary>
    public long Retransmissions => Counter("Retransmissions(C)");

    /// <summary>OutOfCallMsgs(C): messages that matched no call.</summary>
    public long OutOfCallMessages => Counter("OutOfCallMsgs(C)");

    /// <summary>True when SIPp exited 0 and every call counted ended successfully.</summary>
    public bool Succeeded => ExitKind == SippExitKind.AllCallsSucceeded && FailedCalls == 0;

    /// <summary>A cumulative counter by its statistics-file column name, 0 when absent.</summary>
    public long Counter(string column) =>
        Statistics.TryGetValue(column, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;

    /// <summary>Everything useful for an assertion message.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"sipp exited {ExitCode} ({ExitKind}); successful {SuccessfulCalls}, failed {FailedCalls}")
            .Append('\n').Append(CommandLine).Append('\n');
        foreach (var (name, value) in Statistics)
        {
            if (name.StartsWith("Failed", StringComparison.Ordinal) && name.EndsWith("(C)", StringComparison.Ordinal) && value != "0")
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}={value}\n");
            }
        }

        if (ErrorTrace.Length > 0)
        {
            text.Append("error trace:\n").Append(Tail(ErrorTrace, 4000)).Append('\n');
        }

        if (StandardError.Length > 0)
        {
            text.Append("stderr:\n").Append(Tail(StandardError, 2000)).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    internal static IReadOnlyDictionary<string, string> ParseStatistics(string? csv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(csv))
        {
            return result;
        }

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            return result;
        }

        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        for (var i = 0; i < header.Length && i < last.Length; i++)
        {
            if (header[i].Length > 0)
            {
                result[header[i]] = last[i];
            }
        }

        return result;
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
