using System.Text;

namespace IvrService.Sip;

/// <summary>An ordered list of <c>;name=value</c> parameters (URI, Via, name-addr). Names compare case-insensitively.</summary>
public sealed class SipParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    public string? this[string name]
    {
        get
        {
            var i = IndexOf(name);
            return i >= 0 ? _items[i].Value : null;
        }
    }

    public void Set(string name, string? value)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            _items[i] = new(_items[i].Key, value);
        }
        else
        {
            _items.Add(new(name, value));
        }
    }

    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            return false;
        }

        _items.RemoveAt(i);
        return true;
    }

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>Parses <c>;a=b;c</c> (leading separator optional). Values may be quoted strings (kept with their quotes).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, char separator, out SipParameters parameters)
    {
        parameters = new SipParameters();
        var rest = text.Trim();
        if (!rest.IsEmpty && rest[0] == separator)
        {
            rest = rest[1..].TrimStart();
        }

        while (!rest.IsEmpty)
        {
            var end = SipText.IndexOfUnquoted(rest, separator);
            var item = (end < 0 ? rest : rest[..end]).Trim();
            rest = end < 0 ? [] : rest[(end + 1)..].TrimStart();
            if (item.IsEmpty)
            {
                // Empty parameters (";;") are malformed; a single trailing separator is tolerated.
                if (!rest.IsEmpty)
                {
                    return false;
                }

                continue;
            }

            var eq = item.IndexOf('=');
            if (eq == 0)
            {
                return false;
            }

            var name = (eq < 0 ? item : item[..eq]).TrimEnd();
            if (!SipText.IsToken(name))
            {
                return false;
            }

            string? value = null;
            if (eq >= 0)
            {
                var raw = item[(eq + 1)..].Trim();
                if (raw.Length > 0 && raw[0] == '"')
                {
                    if (!SipText.IsCompleteQuotedString(raw))
                    {
                        return false;
                    }
                }
                else if (raw.IndexOfAny(' ', '\t') >= 0)
                {
                    return false;
                }

                value = raw.ToString();
            }

            parameters._items.Add(new(name.ToString(), value));
        }

        return true;
    }

    public void AppendTo(StringBuilder builder, char separator = ';')
    {
        foreach (var (name, value) in _items)
        {
            builder.Append(separator).Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
