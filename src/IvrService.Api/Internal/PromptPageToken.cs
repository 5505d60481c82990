using System.Buffers.Text;
using System.Text;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListPrompts: the language and key of the last prompt of the page (prompts are ordered by
/// language, then key, ordinally), so the next page starts after it even when prompts were added since.
/// Layout (base64url of UTF-8): <c>p1</c>, language, key, separated by line feeds.
/// </summary>
internal static class PromptPageToken
{
    private const string Version = "p1";
    private const int MaxLength = 400;

    public static string Encode(string language, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}\n{language}\n{key}"));

    public static bool TryDecode(string token, out string language, out string key)
    {
        language = "";
        key = "";
        if (token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = text.Split('\n');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return false;
        }

        language = parts[1];
        key = parts[2];
        return true;
    }
}
