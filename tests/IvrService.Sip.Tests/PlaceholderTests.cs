namespace IvrService.Sip.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Build_Succeeds_WhenSkeletonIsInPlace() => Assert.True(typeof(PlaceholderTests).Assembly.GetName().Name == "IvrService.Sip.Tests");
}
