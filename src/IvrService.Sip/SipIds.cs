using System.Security.Cryptography;

namespace IvrService.Sip;

/// <summary>Random identifiers: branches with the RFC 3261 magic cookie, tags and Call-IDs.</summary>
public static class SipIds
{
    public static string NewBranch() => SipVia.BranchMagicCookie + RandomToken(16);

    public static string NewTag() => RandomToken(10);

    public static string NewCallId() => RandomToken(24);

    private static string RandomToken(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
