namespace IvrService.Media;

/// <summary>What a <see cref="MediaBridge"/> carried so far.</summary>
/// <param name="FramesFirstToSecond">20 ms frames received on the first session and handed to the second.</param>
/// <param name="FramesSecondToFirst">20 ms frames received on the second session and handed to the first.</param>
/// <param name="DigitsSentOnFirst">RFC 4733 keys from the second leg sent again on the first.</param>
/// <param name="DigitsSentOnSecond">RFC 4733 keys from the first leg sent again on the second.</param>
public sealed record MediaBridgeStatistics(long FramesFirstToSecond, long FramesSecondToFirst, long DigitsSentOnFirst, long DigitsSentOnSecond);
