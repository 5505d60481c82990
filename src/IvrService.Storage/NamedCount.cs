namespace IvrService.Storage;

/// <summary>How many of something had one value (an attempt outcome, a result outcome).</summary>
public sealed record NamedCount(string Name, long Count);
