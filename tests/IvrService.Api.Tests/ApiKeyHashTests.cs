extern alias ApiServer;

using ApiServer::IvrService.Api;

namespace IvrService.Api.Tests;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void ToHex_MatchesSha256OfUtf8Bytes_WhenGivenTheFipsVector()
    {
        // FIPS 180-2 example: SHA-256("abc").
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHash.ToHex("abc"));
    }

    [Fact]
    public void NewKey_IsPrefixedAndUnique_WhenCalledTwice()
    {
        // Act
        var first = ApiKeyHash.NewKey();
        var second = ApiKeyHash.NewKey();

        // Assert
        Assert.StartsWith(ApiKeyHash.KeyPrefix, first, StringComparison.Ordinal);
        Assert.Equal(ApiKeyHash.KeyPrefix.Length + 43, first.Length);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", true)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", false)]
    [InlineData("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("", false)]
    public void TryParseHex_AcceptsOnly64HexDigits_WhenGivenText(string text, bool expected)
    {
        Assert.Equal(expected, ApiKeyHash.TryParseHex(text, out _));
    }
}
