using System.Buffers;

namespace IvrService.Sip.Security;

/// <summary>
/// Recognises the User-Agent values and From display names that SIP scanning and brute-force tools
/// send by default. The listener drops such requests without answering, which tells the scanner
/// nothing. Check the User-Agent and the From display name separately; allocation-free.
/// </summary>
internal static class ScannerSignature
{
    // Matched case-insensitively as whole words, so "sipcli" does not catch "sipclient".
    // Deliberately absent: sipsak (an operator's diagnostic tool) and real products such as
    // Cisco-SIPGateway, which some scanners imitate but which legitimate gateways send too.
    private static readonly string[] Signatures =
    [
        "friendly-scanner",
        "sipvicious",
        "sipcli",
        "sip-scan",
        "sundayddr",
        "VaxSIPUserAgent",
        "pplsip",
        "iWar",
    ];

    private static readonly SearchValues<string> Search = SearchValues.Create(Signatures, StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> KnownSignatures => Signatures;

    public static bool IsScanner(ReadOnlySpan<char> userAgentOrDisplayName)
    {
        var text = userAgentOrDisplayName;
        var offset = 0;
        while (true)
        {
            var index = text[offset..].IndexOfAny(Search);
            if (index < 0)
            {
                return false;
            }

            var start = offset + index;
            foreach (var signature in Signatures)
            {
                if (text[start..].StartsWith(signature, StringComparison.OrdinalIgnoreCase)
                    && IsBoundary(text, start - 1)
                    && IsBoundary(text, start + signature.Length))
                {
                    return true;
                }
            }

            offset = start + 1;
        }
    }

    private static bool IsBoundary(ReadOnlySpan<char> text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
