namespace IvrService.Storage;

/// <summary>A call record with its steps through its menu (in order) and its key presses (in the order received).</summary>
public sealed record CallRecordDetail(CallRecord Record, IReadOnlyList<CallStep> Steps, IReadOnlyList<CallDigit> Digits);
