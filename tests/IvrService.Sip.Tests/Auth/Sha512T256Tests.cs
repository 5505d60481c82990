using System.Text;
using IvrService.Sip.Auth;

namespace IvrService.Sip.Tests.Auth;

public sealed class Sha512T256Tests
{
    [Theory]
    // FIPS 180-4 examples (NIST "SHA512_256" example values).
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    // Computed independently (Python hashlib "sha512_256"); the lengths straddle the padding boundaries.
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    public void HashData_MatchesKnownAnswer_WhenGivenReferenceMessage(string message, string expectedHex)
    {
        // Arrange
        var destination = new byte[Sha512T256.HashSizeInBytes];

        // Act
        Sha512T256.HashData(Encoding.ASCII.GetBytes(message), destination);

        // Assert
        Assert.Equal(expectedHex, Convert.ToHexStringLower(destination));
    }

    [Theory]
    [InlineData(111, "0239e429f98d0ed61ee8e2a7c30afe98c1c3a80ce5dff62a107e9c538f7632ce")]
    [InlineData(112, "9216b5303edb66504570bee90e48ea5beaa5e9fe9f760bbd3e0460559fc005f6")]
    [InlineData(1000, "40eb4a70d4d69815407a9e272f0101cd67e3d11262a4a0bfc087712749c7fb53")]
    public void HashData_MatchesKnownAnswer_WhenLengthIsAtPaddingBoundary(int length, string expectedHex)
    {
        // Arrange
        var message = Encoding.ASCII.GetBytes(new string('a', length));
        var destination = new byte[Sha512T256.HashSizeInBytes];

        // Act
        Sha512T256.HashData(message, destination);

        // Assert
        Assert.Equal(expectedHex, Convert.ToHexStringLower(destination));
    }
}
