namespace IvrService.Media.Dtmf;

/// <summary>One key press as the call saw it.</summary>
/// <param name="Digit">One of 0-9, *, #, A-D.</param>
/// <param name="Method">How the digit arrived.</param>
/// <param name="Duration">How long the key was held, as the method reported it (zero when it did not say).</param>
/// <param name="ReceivedAt">When the digit was known, from the collector's <see cref="TimeProvider"/>.</param>
public sealed record DtmfDigit(char Digit, DtmfMethod Method, TimeSpan Duration, DateTimeOffset ReceivedAt)
{
    /// <summary>True for the sixteen DTMF keys: 0-9, *, #, A-D (upper case).</summary>
    public static bool IsValid(char digit) => Internal.DtmfKeys.ToEventCode(digit) >= 0;
}
