using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace IvrService.Api.Internal;

/// <summary>
/// Collects what is wrong with a request, field by field, and turns it into one INVALID_ARGUMENT whose
/// google.rpc.BadRequest detail names every bad field (by its proto field path).
/// </summary>
internal sealed class FieldViolations
{
    /// <summary>The page size used when a request gives 0.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>
    /// The longest description kept: the descriptions travel in the status trailers, which a client refuses past its
    /// header limit (64 KiB in .NET), so a description that quotes a huge value is cut.
    /// </summary>
    private const int MaxDescriptionLength = 500;

    /// <summary>
    /// The most text (fields and descriptions) listed, for the same reason: a repeated field of 100,000 unknown values
    /// would otherwise name each one. Violations past it are counted in the status message.
    /// </summary>
    private const int MaxTotalLength = 8_000;

    private readonly BadRequest _badRequest = new();
    private int _length;
    private int _omitted;

    public bool HasAny => _badRequest.FieldViolations.Count > 0;

    /// <summary>Notes that <paramref name="field"/> is wrong and why.</summary>
    public FieldViolations Add(string field, string description)
    {
        if (description.Length > MaxDescriptionLength)
        {
            description = description[..MaxDescriptionLength] + "…";
        }

        if (_omitted > 0 || _length + field.Length + description.Length > MaxTotalLength)
        {
            _omitted++;
            return this;
        }

        _length += field.Length + description.Length;

        _badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>
    /// Checks a free text (a comment, a reason): at most <paramref name="maxLength"/> characters and no control characters
    /// but line breaks and tabs (PostgreSQL text cannot hold NUL at all).
    /// </summary>
    public bool FreeText(string text, string field, int maxLength)
    {
        if (text.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters; has {text.Length}");
            return false;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Add(field, "must not contain control characters");
            return false;
        }

        return true;
    }

    /// <summary>An id or name given to look something up: 1 to <paramref name="maxLength"/> characters, no control characters.</summary>
    public bool Identifier(string text, string field, int maxLength)
    {
        if (text.Length == 0 || text.Length > maxLength)
        {
            Add(field, $"must be 1 to {maxLength} characters; has {text.Length}");
            return false;
        }

        if (text.Any(char.IsControl))
        {
            Add(field, "must not contain control characters");
            return false;
        }

        return true;
    }

    /// <summary>The page size to use: 0 gives the default; negative or above <paramref name="max"/> is a violation.</summary>
    public int PageSize(int requested, int max, string field = "page_size")
    {
        if (requested < 0 || requested > max)
        {
            Add(field, $"must be between 0 (the default, {DefaultPageSize}) and {max}; was {requested}");
            return DefaultPageSize;
        }

        return requested == 0 ? DefaultPageSize : requested;
    }

    /// <summary>The instant of <paramref name="timestamp"/>, null when unset; a violation when out of range.</summary>
    public DateTimeOffset? Instant(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        // Timestamp's valid range is 0001-01-01 to 9999-12-31 with nanos in [0, 1e9).
        if (timestamp.Seconds < -62_135_596_800 || timestamp.Seconds > 253_402_300_799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid timestamp (0001-01-01 to 9999-12-31, nanos 0 to 999999999)");
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }

    /// <summary>Checks that <paramref name="value"/> is a defined, non-zero value of its enum.</summary>
    public bool DefinedEnum<TEnum>(TEnum value, string field, bool allowUnspecified)
        where TEnum : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            Add(field, $"has the unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}");
            return false;
        }

        if (!allowUnspecified && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Add(field, "must be given (not UNSPECIFIED)");
            return false;
        }

        return true;
    }

    /// <summary>Throws INVALID_ARGUMENT with every violation noted so far, if any.</summary>
    public void ThrowIfAny()
    {
        if (!HasAny)
        {
            return;
        }

        var fields = string.Join(", ", _badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}"));
        if (_omitted > 0)
        {
            fields += string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (and {_omitted} more violations not listed)");
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "invalid request: " + fields,
            Details = { Any.Pack(_badRequest) },
        };
        throw status.ToRpcException();
    }
}
