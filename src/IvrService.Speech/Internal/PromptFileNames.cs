using System.Security.Cryptography;
using System.Text;

namespace IvrService.Speech.Internal;

/// <summary>Safe file names for prompt keys and languages, and the identity of a rendered prompt.</summary>
internal static class PromptFileNames
{
    private const int MaxLength = 100;

    /// <summary>Null when the value may be a file name; otherwise why it may not.</summary>
    public static string? Problem(string? value, bool allowDots)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "it is empty";
        }

        if (value.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        foreach (var c in value)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || (c == '.' && allowDots);
            if (!ok)
            {
                return c is '/' or '\\'
                    ? $"it contains '{c}'"
                    : $"it contains '{c}' (use letters, digits, '_', '-'{(allowDots ? " and '.'" : string.Empty)})";
            }
        }

        if (value[0] == '.' || value[^1] == '.')
        {
            return "it starts or ends with '.'";
        }

        if (value.Contains("..", StringComparison.Ordinal))
        {
            return "it contains '..'";
        }

        return null;
    }

    /// <summary>A short hash of what the audio depends on: the provider, the voice, the text and the trimming.</summary>
    public static string RenderHash(string provider, string voice, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(provider + "\n" + voice + "\n" + text + "\n" + SilenceTrimmer.Version);
        var hash = SHA256.HashData(bytes);
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }
}
