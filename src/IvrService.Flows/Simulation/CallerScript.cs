namespace IvrService.Flows.Simulation;

/// <summary>
/// What a simulated caller keys: one group of keys per input the engine waits for (a menu, a collect, a
/// recording, or a barge-in during a prompt). An empty group lets that input's timeout pass; when the groups
/// run out, the caller hangs up. Written as <c>2,12345#</c>, or read line by line for an interactive run.
/// </summary>
public sealed class CallerScript
{
    private readonly Func<CancellationToken, ValueTask<string?>> _next;

    private CallerScript(Func<CancellationToken, ValueTask<string?>> next) => _next = next;

    /// <summary>Parses <c>2,12345#</c>: comma-separated groups of keys 0-9, *, #, A-D (spaces are ignored).</summary>
    /// <exception cref="FormatException">A character is not a key; the message names it and its position.</exception>
    public static CallerScript Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var groups = new Queue<string>();
        var position = 0;
        foreach (var part in script.Split(','))
        {
            var keys = new System.Text.StringBuilder(part.Length);
            foreach (var key in part)
            {
                position++;
                if (char.IsWhiteSpace(key))
                {
                    continue;
                }

                if (!IsKey(key))
                {
                    throw new FormatException($"'{key}' at position {position} is not a key (0-9, *, #, A-D; groups separated by commas).");
                }

                keys.Append(char.ToUpperInvariant(key));
            }

            position++;
            groups.Enqueue(keys.ToString());
        }

        return new CallerScript(_ => ValueTask.FromResult(groups.TryDequeue(out var group) ? group : null));
    }

    /// <summary>Groups given one by one (none: the caller hangs up at the first input).</summary>
    public static CallerScript FromGroups(params string[] groups)
    {
        var queue = new Queue<string>(groups);
        return new CallerScript(_ => ValueTask.FromResult(queue.TryDequeue(out var group) ? group : null));
    }

    /// <summary>
    /// Reads one line of keys per input (an empty line lets the timeout pass, the end of the input hangs up).
    /// Before each read <paramref name="ask"/> is written to <paramref name="feedback"/>; a line with a character
    /// that is not a key is refused there and read again.
    /// </summary>
    public static CallerScript FromReader(TextReader input, TextWriter feedback, string ask)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(feedback);
        return new CallerScript(async cancellationToken =>
        {
            while (true)
            {
                await feedback.WriteAsync(ask.AsMemory(), cancellationToken);
                await feedback.FlushAsync(cancellationToken);
                var line = await input.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    return null;
                }

                var refused = Refused(line);
                if (refused is null)
                {
                    return line.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
                }

                await feedback.WriteLineAsync($"'{refused}' is not a key (0-9, *, #, A-D)".AsMemory(), cancellationToken);
            }
        });
    }

    public static bool IsKey(char key) => char.IsAsciiDigit(key) || key is '*' or '#' || char.ToUpperInvariant(key) is >= 'A' and <= 'D';

    /// <summary>The caller's keys for the next input; null when the caller hangs up.</summary>
    public ValueTask<string?> NextAsync(CancellationToken cancellationToken) => _next(cancellationToken);

    private static char? Refused(string line)
    {
        foreach (var key in line)
        {
            if (key != ' ' && !IsKey(key))
            {
                return key;
            }
        }

        return null;
    }
}
