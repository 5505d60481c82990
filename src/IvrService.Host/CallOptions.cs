namespace IvrService.Host;

/// <summary>The <c>Calls</c> configuration section: how inbound calls are answered.</summary>
public sealed class CallOptions
{
    public const string SectionName = "Calls";

    /// <summary>Send 180 Ringing before answering when the answer waits (<see cref="AnswerDelayMilliseconds"/> above 0).</summary>
    public bool SendRinging { get; set; } = true;

    /// <summary>Delay between 180 Ringing and 200 OK, in milliseconds.</summary>
    public int AnswerDelayMilliseconds { get; set; }

    /// <summary>A call is ended with BYE after this many seconds.</summary>
    public int MaxDurationSeconds { get; set; } = 3600;

    /// <summary>
    /// How long shutdown waits for calls in progress before ending them with BYE, in seconds (0 to 600). The host's
    /// own stop limit is this plus 35 s; a service manager's stop timeout must be longer.
    /// </summary>
    public int ShutdownGraceSeconds { get; set; } = 10;

    /// <summary>Identifies this instance in call records; defaults to the machine name.</summary>
    public string? InstanceId { get; set; }

    public List<string> Validate()
    {
        var problems = new List<string>();
        if (AnswerDelayMilliseconds is < 0 or > 60_000)
        {
            problems.Add($"Calls:AnswerDelayMilliseconds: {AnswerDelayMilliseconds} is not from 0 to 60000");
        }

        if (MaxDurationSeconds < 1)
        {
            problems.Add($"Calls:MaxDurationSeconds: {MaxDurationSeconds} must be at least 1");
        }

        if (ShutdownGraceSeconds is < 0 or > 600)
        {
            problems.Add($"Calls:ShutdownGraceSeconds: {ShutdownGraceSeconds} is not from 0 to 600 (the whole stop may take this plus 35 s)");
        }

        return problems;
    }
}
