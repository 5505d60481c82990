using System.Net;
using System.Net.Sockets;

namespace IvrService.Testing.Tests;

public sealed class FreePortsTests
{
    [Fact]
    public void Next_ReturnsDistinctFreePortsInRange_WhenCalledRepeatedly()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => FreePorts.Next()).ToList();
        try
        {
            Assert.Equal(ports.Count, ports.Distinct().Count());
            Assert.All(ports, p => Assert.InRange(p, FreePorts.RangeStart, FreePorts.RangeEnd - 1));
            Assert.All(ports, p => Assert.True(FreePorts.IsUdpFree(p) && FreePorts.IsTcpFree(p)));
        }
        finally
        {
            FreePorts.Release([.. ports]);
        }
    }

    [Fact]
    public void Next_ReturnsDistinctPorts_WhenCalledFromManyThreads()
    {
        var ports = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 64, _ => ports.Add(FreePorts.Next()));
        try
        {
            Assert.Equal(64, ports.Distinct().Count());
        }
        finally
        {
            FreePorts.Release([.. ports]);
        }
    }

    [Fact]
    public void IsUdpFree_ReturnsFalse_WhenSomethingHoldsThePort()
    {
        var port = FreePorts.Next();
        try
        {
            using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            holder.Bind(new IPEndPoint(IPAddress.Loopback, port));
            Assert.False(FreePorts.IsUdpFree(port));
            Assert.True(FreePorts.IsTcpFree(port));
        }
        finally
        {
            FreePorts.Release(port);
        }
    }

    [Fact]
    public void NextRtpPair_ReturnsEvenPortWithFreeSuccessor_WhenCalled()
    {
        var port = FreePorts.NextRtpPair();
        try
        {
            Assert.Equal(0, port % 2);
            Assert.True(FreePorts.IsUdpFree(port + 1));
        }
        finally
        {
            FreePorts.Release(port, port + 1);
        }
    }
}
