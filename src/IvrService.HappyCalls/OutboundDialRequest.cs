namespace IvrService.HappyCalls;

/// <summary>
/// One outbound call to place through the trunk. <paramref name="Number"/> is E.164; <paramref name="Reference"/>
/// names what the call is for in logs and the call record (e.g. <c>happy-call 42 attempt 2</c>).
/// </summary>
public sealed record OutboundDialRequest(string Number, TimeSpan RingTimeout, bool DetectAnsweringMachine, string Reference)
{
    /// <summary>The trunk (<c>Sip:Trunks</c> name); null or empty: the first trunk.</summary>
    public string? Trunk { get; init; }

    /// <summary>
    /// The survey the call is placed for: the call record names it as its flow, with <see cref="SurveyVersion"/>,
    /// as an inbound call's record names its menu. Null: the record's flow is <c>outbound</c>, version 0.
    /// </summary>
    public string? SurveyId { get; init; }

    /// <summary>The version of <see cref="SurveyId"/> the call runs.</summary>
    public int SurveyVersion { get; init; }
}
