using System.Text;
using System.Xml;

namespace IvrService.Speech.Internal;

/// <summary>The SSML document Azure Speech synthesizes: one voice speaking the prompt's text, XML-escaped.</summary>
internal static class AzureSsml
{
    /// <summary>The SSML namespace every <c>speak</c> element declares.</summary>
    public const string Namespace = "http://www.w3.org/2001/10/synthesis";

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    /// <summary>The locale a voice name starts with (<c>fa-IR</c> of <c>fa-IR-DilaraNeural</c>), or null when it has none.</summary>
    public static string? LocaleOf(string voice)
    {
        var first = voice.IndexOf('-', StringComparison.Ordinal);
        if (first < 1)
        {
            return null;
        }

        var second = voice.IndexOf('-', first + 1);
        if (second < first + 2 || second == voice.Length - 1)
        {
            return null;
        }

        return voice[..second];
    }

    /// <summary>The UTF-8 SSML body for the text spoken by the voice.</summary>
    public static byte[] Build(string text, string voice, string locale)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartElement("speak", Namespace);
            writer.WriteAttributeString("version", "1.0");
            writer.WriteAttributeString("xml", "lang", null, locale);
            writer.WriteStartElement("voice", Namespace);
            writer.WriteAttributeString("xml", "lang", null, locale);
            writer.WriteAttributeString("name", voice);
            writer.WriteString(RemoveInvalidCharacters(text));
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static string RemoveInvalidCharacters(string text)
    {
        // XML 1.0 cannot carry most control characters (nor lone surrogates); a prompt text never needs them.
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = XmlConvert.IsXmlChar(c)
                || (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c));
            if (valid && char.IsHighSurrogate(c))
            {
                cleaned?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!valid && cleaned is null)
            {
                cleaned = new StringBuilder(text.Length).Append(text, 0, i);
            }

            if (cleaned is not null)
            {
                cleaned.Append(valid ? c : ' ');
            }
        }

        return cleaned?.ToString() ?? text;
    }
}
