using BenchmarkDotNet.Running;
using IvrService.Benchmarks.Load;
using IvrService.Benchmarks.Packet;

// Two benchmarks, run on demand (README, "Benchmarks"):
//   load    N concurrent inbound calls from SIPp against the product, RTP pacing measured on the wire
//   packet  BenchmarkDotNet over the media hot paths (time and bytes allocated per operation)
var command = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
switch (command)
{
    case "load":
        if (!LoadOptions.TryParse(rest, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(LoadOptions.Usage);
            return 2;
        }

        return await LoadBenchmark.RunAsync(options);
    case "packet":
        PacketBenchmarks.Run(rest);
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: IvrService.Benchmarks load [options] | packet [BenchmarkDotNet options]");
        await Console.Error.WriteLineAsync(LoadOptions.Usage);
        return 2;
}
