using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListFlowVersions: the version the next page starts below (versions only grow, so new
/// ones never shift a page) and a fingerprint of the flow id, so a token is refused for another flow.
/// Layout (base64url): version 1, the next page's first version + 1 (int32), first 8 bytes of SHA-256(flow id).
/// </summary>
internal static class FlowVersionPageToken
{
    private const byte Version = 1;
    private const int Length = 1 + 4 + 8;

    public static string Encode(string flowId, int below)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes[1..], below);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[5..], Fingerprint(flowId));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made for <paramref name="flowId"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, string flowId, out int below, out string? error)
    {
        below = 0;
        error = null;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (token.Length > 32 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written)
            || written != Length || bytes[0] != Version || BinaryPrimitives.ReadInt32BigEndian(bytes[1..]) < 1)
        {
            error = "is not a page token of ListFlowVersions";
            return false;
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(bytes[5..]) != Fingerprint(flowId))
        {
            error = "was made for another flow; give the same flow_id as the first page, or start again without a token";
            return false;
        }

        below = BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
        return true;
    }

    private static ulong Fingerprint(string flowId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(flowId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
