namespace IvrService.Media.Dtmf.Internal;

/// <summary>The sixteen keys and their RFC 4733 event codes (0-9, 10 = *, 11 = #, 12-15 = A-D).</summary>
internal static class DtmfKeys
{
    public const int KeyCount = 16;

    private const string Keys = "0123456789*#ABCD";

    /// <summary>The key for an event code 0-15; '\0' for any other code (16 flash and beyond).</summary>
    public static char FromEventCode(int code) => (uint)code < KeyCount ? Keys[code] : '\0';

    /// <summary>The event code of a key (upper-case A-D); -1 when it is not a key.</summary>
    public static int ToEventCode(char key) => key switch
    {
        >= '0' and <= '9' => key - '0',
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => 12 + (key - 'A'),
        _ => -1,
    };

    /// <summary>The key at a row (0-3: 697, 770, 852, 941 Hz) and column (0-3: 1209, 1336, 1477, 1633 Hz).</summary>
    public static char FromRowColumn(int row, int column) => "123A456B789C*0#D"[(row * 4) + column];
}
