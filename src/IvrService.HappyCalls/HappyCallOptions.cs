using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// Happy-call configuration, bound from the <c>HappyCalls</c> section and checked at start (every message names
/// its key). <see cref="Window"/> and <see cref="RetryAfter"/> are overlays: an entry replaces the built-in default
/// of its day or outcome, the rest keep <see cref="DefaultWindow"/> and <see cref="DefaultRetryAfter"/>. Each
/// <see cref="ServiceTypes"/> entry overlays the values here the same way (see <see cref="HappyCallPolicyResolver"/>).
/// </summary>
public sealed class HappyCallOptions
{
    public const string SectionName = "HappyCalls";

    /// <summary>The word that closes a day in <see cref="Window"/>: <c>"Friday": ["closed"]</c>.</summary>
    public const string Closed = "closed";

    /// <summary>Sat–Wed 09:00–20:00, Thu 09:00–13:00, Friday (the Iranian weekend) closed.</summary>
    public static IReadOnlyDictionary<DayOfWeek, string> DefaultWindow { get; } = new Dictionary<DayOfWeek, string>
    {
        [DayOfWeek.Saturday] = "09:00-20:00",
        [DayOfWeek.Sunday] = "09:00-20:00",
        [DayOfWeek.Monday] = "09:00-20:00",
        [DayOfWeek.Tuesday] = "09:00-20:00",
        [DayOfWeek.Wednesday] = "09:00-20:00",
        [DayOfWeek.Thursday] = "09:00-13:00",
        [DayOfWeek.Friday] = Closed,
    };

    /// <summary>
    /// How long after an attempt with this outcome the next one is due (then moved into the window): busy 15 min,
    /// no answer 1 h, failed 30 min, answering machine 2 h, unfinished (the completion retry) 30 min, interrupted 5 min.
    /// </summary>
    public static IReadOnlyDictionary<AttemptOutcome, TimeSpan> DefaultRetryAfter { get; } = new Dictionary<AttemptOutcome, TimeSpan>
    {
        [AttemptOutcome.Busy] = TimeSpan.FromMinutes(15),
        [AttemptOutcome.NoAnswer] = TimeSpan.FromHours(1),
        [AttemptOutcome.Failed] = TimeSpan.FromMinutes(30),
        [AttemptOutcome.AnsweringMachine] = TimeSpan.FromHours(2),
        [AttemptOutcome.Unfinished] = TimeSpan.FromMinutes(30),
        [AttemptOutcome.Interrupted] = TimeSpan.FromMinutes(5),
    };

    /// <summary>When false, reported services are stored but no survey call is scheduled.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The survey (<c>prompts/surveys/</c>) a call runs when the report names none.</summary>
    public string SurveyId { get; set; } = "after-service";

    /// <summary>Where the survey files that seed version 1 of each survey are, relative to the content root.</summary>
    public string SurveysDirectory { get; set; } = "prompts/surveys";

    /// <summary>Time from the service's completion to the first attempt.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>IANA time zone of customers whose report gives none; the window is read in the customer's zone.</summary>
    public string TimeZone { get; set; } = "Asia/Tehran";

    /// <summary>
    /// Calling periods per weekday (English day names): a list of <c>"HH:mm-HH:mm"</c> (an entry may hold several
    /// separated by commas, <c>24:00</c> ends a day), or <c>["closed"]</c> or an empty list. One string instead of a list
    /// (<c>HappyCalls__Window__Friday=09:00-12:00</c>) is taken as the day's only entry. Days not given keep
    /// <see cref="DefaultWindow"/>.
    /// </summary>
    public Dictionary<string, List<string>> Window { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Days without calls, in the customer's local calendar: <c>yyyy-MM-dd</c>, Jalali when the year is below 1700
    /// (<c>1405-01-01</c>) else Gregorian, or a range <c>1405-01-01..1405-01-04</c>.
    /// </summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Attempts to reach the customer (completion retries come on top, see <see cref="CompletionRetries"/>).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Delay before the next attempt per outcome of the last one (keys Busy, NoAnswer, Failed, AnsweringMachine,
    /// Unfinished, Interrupted); outcomes not given keep <see cref="DefaultRetryAfter"/>.
    /// </summary>
    public Dictionary<string, TimeSpan> RetryAfter { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Extra calls to finish a survey the customer left unfinished. They do not use up <see cref="MaxAttempts"/>:
    /// each completion retry adds one attempt to the allowance.
    /// </summary>
    public int CompletionRetries { get; set; } = 1;

    /// <summary>A score at or under this flags the result as an escalation, for surveys that set no threshold.</summary>
    public int EscalationThreshold { get; set; } = 2;

    /// <summary>
    /// No attempt starts with less than this left before the window closes; it moves to the next opening instead.
    /// </summary>
    public TimeSpan ClosingMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an outbound call may ring before we cancel it (no answer).</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Name of the <c>Sip:Trunks</c> entry survey calls go through; empty: the first trunk.</summary>
    public string Trunk { get; set; } = "";

    /// <summary>Cap on survey calls at once across all instances; 0: the trunk's channels (never more than them).</summary>
    public int MaxConcurrentCalls { get; set; }

    /// <summary>Ask the customer to press 1 before the survey starts; a machine never passes it.</summary>
    public bool StartGate { get; set; } = true;

    /// <summary>Run the greeting energy/cadence detector and hang up on likely machines.</summary>
    public bool AnsweringMachineDetection { get; set; } = true;

    /// <summary>Hangfire queue of the dial jobs (lower-case letters, digits, '_' and '-').</summary>
    public string DialQueue { get; set; } = "dial";

    /// <summary>Hangfire workers serving <see cref="DialQueue"/> on each instance; 0: twice the concurrent calls.</summary>
    public int WorkerCount { get; set; }

    /// <summary>How often Hangfire looks for due jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an idle dial worker looks into the queue. The instance that makes a job due (or enqueues it) wakes
    /// its own idle workers at once; this is how soon the other instances' workers see it.
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the changes of the results stream are kept (1 hour to 3650 days): every instance deletes older ones in
    /// the background, a small batch at a time, but never the newest. A stream cursor older than that gets OUT_OF_RANGE
    /// and the client reads the results again (ListSurveyResults).
    /// </summary>
    public TimeSpan ResultChangeRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Overrides per service type (the report's service type, compared ignoring case).</summary>
    public Dictionary<string, HappyCallServiceTypeOptions> ServiceTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The concurrent-call cap in effect for a trunk with <paramref name="trunkChannels"/> channels.</summary>
    public int ConcurrentCallsFor(int trunkChannels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trunkChannels, 1);
        return MaxConcurrentCalls > 0 ? Math.Min(MaxConcurrentCalls, trunkChannels) : trunkChannels;
    }

    /// <summary>The dial-queue workers in effect for <paramref name="concurrentCalls"/> calls at once.</summary>
    public int WorkerCountFor(int concurrentCalls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentCalls, 1);
        return WorkerCount > 0 ? WorkerCount : 2 * concurrentCalls;
    }
}
