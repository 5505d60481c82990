using System.Globalization;

namespace IvrService.Media.Sdp.Internal;

/// <summary>Look-ups over an attribute list shared by the session and media levels.</summary>
internal static class SdpAttributes
{
    public static SdpAttribute? Find(IReadOnlyList<SdpAttribute> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    public static int? GetInt(IReadOnlyList<SdpAttribute> attributes, string name)
    {
        var value = Find(attributes, name)?.Value;
        return value is not null && int.TryParse(value.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    /// <summary>The first direction attribute in the list, if any.</summary>
    public static SdpDirection? GetDirection(IReadOnlyList<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (TryGetDirection(attribute.Name, out var direction))
            {
                return direction;
            }
        }

        return null;
    }

    public static bool TryGetDirection(string name, out SdpDirection direction)
    {
        switch (name)
        {
            case SdpAttributeNames.SendRecv:
                direction = SdpDirection.SendRecv;
                return true;
            case SdpAttributeNames.SendOnly:
                direction = SdpDirection.SendOnly;
                return true;
            case SdpAttributeNames.RecvOnly:
                direction = SdpDirection.RecvOnly;
                return true;
            case SdpAttributeNames.Inactive:
                direction = SdpDirection.Inactive;
                return true;
            default:
                direction = default;
                return false;
        }
    }

    public static string ToAttributeName(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpAttributeNames.SendOnly,
        SdpDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        SdpDirection.Inactive => SdpAttributeNames.Inactive,
        _ => SdpAttributeNames.SendRecv,
    };
}
