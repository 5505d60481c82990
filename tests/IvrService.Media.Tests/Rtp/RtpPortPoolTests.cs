using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Rtp;

public sealed class RtpPortPoolTests
{
    // Each test owns a distinct range so that the test classes running in parallel never collide.
    private static RtpPortPool Pool(int start, int pairs) =>
        new(new MediaOptions { RtpPortStart = start, RtpPortEnd = start + (pairs * 2) - 1 });

    [Fact]
    public void Allocate_BindsEvenRtpAndNextRtcpPort_WhenRangeIsFree()
    {
        // Arrange
        var pool = Pool(41000, 4);

        // Act
        using var lease = pool.Allocate(IPAddress.Loopback);

        // Assert
        Assert.Equal(0, lease.RtpPort % 2);
        Assert.Equal(lease.RtpPort + 1, lease.RtcpPort);
        Assert.Equal(lease.RtpPort, ((IPEndPoint)lease.RtpSocket.LocalEndPoint!).Port);
        Assert.Equal(lease.RtcpPort, ((IPEndPoint)lease.RtcpSocket.LocalEndPoint!).Port);
        Assert.Equal(1, pool.LeasedCount);
    }

    [Fact]
    public void Allocate_ReusesReleasedPortOnlyAfterRestOfRange_WhenAllocatingRoundRobin()
    {
        // Arrange
        var pool = Pool(41100, 3);
        var first = pool.Allocate(IPAddress.Loopback);
        var firstPort = first.RtpPort;
        first.Dispose();

        // Act
        using var second = pool.Allocate(IPAddress.Loopback);
        using var third = pool.Allocate(IPAddress.Loopback);
        using var fourth = pool.Allocate(IPAddress.Loopback);

        // Assert
        Assert.Equal(41100, firstPort);
        Assert.Equal(41102, second.RtpPort);
        Assert.Equal(41104, third.RtpPort);
        Assert.Equal(41100, fourth.RtpPort);
        Assert.Equal(3, pool.LeasedCount);
    }

    [Fact]
    public void Dispose_ClosesSocketsAndReturnsPair_WhenCalledTwice()
    {
        // Arrange
        var pool = Pool(41200, 2);
        var lease = pool.Allocate(IPAddress.Loopback);

        // Act
        lease.Dispose();
        lease.Dispose();

        // Assert
        Assert.Equal(0, pool.LeasedCount);
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(new IPEndPoint(IPAddress.Loopback, lease.RtpPort));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Allocate_SkipsPair_WhenAnotherProcessHoldsItsRtpOrRtcpPort(int offset)
    {
        // Arrange
        var start = 41300 + (offset * 10);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, start + offset));
        var pool = Pool(start, 3);

        // Act
        using var lease = pool.Allocate(IPAddress.Loopback);

        // Assert
        Assert.Equal(start + 2, lease.RtpPort);
    }

    [Fact]
    public void Allocate_ThrowsNamingTheConfigKeys_WhenRangeIsExhausted()
    {
        // Arrange
        var pool = Pool(41400, 2);
        using var a = pool.Allocate(IPAddress.Loopback);
        using var b = pool.Allocate(IPAddress.Loopback);

        // Act
        var exception = Record.Exception(() => pool.Allocate(IPAddress.Loopback));
        var tried = pool.TryAllocate(IPAddress.Loopback, out var none);

        // Assert
        var invalid = Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains("Media:RtpPortStart", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("Media:RtpPortEnd", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("2 leased", invalid.Message, StringComparison.Ordinal);
        Assert.False(tried);
        Assert.Null(none);
    }

    [Fact]
    public async Task Allocate_HandsOutUniquePairs_WhenCalledFromManyThreads()
    {
        // Arrange
        var pool = Pool(41500, 100);
        var leases = new ConcurrentBag<RtpPortLease>();
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            for (var i = 0; i < 10; i++)
            {
                leases.Add(pool.Allocate(IPAddress.Loopback));
            }
        })).ToArray();

        // Act
        start.Set();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        try
        {
            Assert.Equal(80, leases.Count);
            Assert.Equal(80, leases.Select(l => l.RtpPort).Distinct().Count());
            Assert.Equal(80, pool.LeasedCount);
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }

        Assert.Equal(0, pool.LeasedCount);
    }

    [Fact]
    public void Allocate_BindsIPv6Sockets_WhenLocalAddressIsIPv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        // Arrange
        var pool = Pool(41800, 2);

        // Act
        RtpPortLease lease;
        try
        {
            lease = pool.Allocate(IPAddress.IPv6Loopback);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return; // no ::1 in this container
        }

        // Assert
        using (lease)
        {
            Assert.Equal(AddressFamily.InterNetworkV6, lease.RtpSocket.AddressFamily);
            Assert.Equal(AddressFamily.InterNetworkV6, lease.RtcpSocket.AddressFamily);
        }
    }

    [Fact]
    public void Constructor_Throws_WhenOptionsAreInvalid()
    {
        // Arrange
        var options = new MediaOptions { RtpPortStart = 10001 };

        // Act
        var exception = Record.Exception(() => new RtpPortPool(options));

        // Assert
        var argument = Assert.IsType<ArgumentException>(exception);
        Assert.Contains("Media:RtpPortStart: 10001 must be even", argument.Message, StringComparison.Ordinal);
    }
}
