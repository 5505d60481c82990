using BenchmarkDotNet.Running;
using IvrService.Benchmarks.Grpc;
using IvrService.Benchmarks.HappyCalls;
using IvrService.Benchmarks.Load;
using IvrService.Benchmarks.Packet;
using IvrService.Benchmarks.Report;
using IvrService.Benchmarks.Setup;
using IvrService.Benchmarks.Surveys;

// The benchmarks, run on demand (README, "Benchmarks"):
//   load    N concurrent inbound calls from SIPp against the product, RTP pacing measured on the wire (optionally with
//           the gRPC API called at R requests/s meanwhile: open-loop latency with and without the calls)
//   setup   new calls from SIPp at R per second against the product, INVITE→200 latency and achieved rate
//   packet  BenchmarkDotNet over the media hot paths (time and bytes allocated per operation)
//   report  the inbound report's query over N seeded calls (p50 and max per report)
//   grpc    the gRPC API over N seeded call records: closed-loop requests/s and open-loop latency at R requests/s
//   surveys ListSurveyResults over N seeded survey results (requests/s, p99 at R requests/s) and stream delivery latency
//   happycalls  N scheduled happy calls against SIPp UASes: dial jobs dispatched per second and due-to-start latency
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
    case "setup":
        if (!SetupOptions.TryParse(rest, out var setupOptions, out var setupError))
        {
            await Console.Error.WriteLineAsync(setupError);
            await Console.Error.WriteLineAsync(SetupOptions.Usage);
            return 2;
        }

        return await SetupBenchmark.RunAsync(setupOptions);
    case "packet":
        PacketBenchmarks.Run(rest);
        return 0;
    case "report":
        return await ReportBenchmark.RunAsync(rest);
    case "grpc":
        if (!GrpcOptions.TryParse(rest, out var grpcOptions, out var grpcError))
        {
            await Console.Error.WriteLineAsync(grpcError);
            await Console.Error.WriteLineAsync(GrpcOptions.Usage);
            return 2;
        }

        return await GrpcBenchmark.RunAsync(grpcOptions);
    case "surveys":
        if (!SurveysOptions.TryParse(rest, out var surveysOptions, out var surveysError))
        {
            await Console.Error.WriteLineAsync(surveysError);
            await Console.Error.WriteLineAsync(SurveysOptions.Usage);
            return 2;
        }

        return await SurveysBenchmark.RunAsync(surveysOptions);
    case "happycalls":
        if (!HappyCallBenchOptions.TryParse(rest, out var happyOptions, out var happyError))
        {
            await Console.Error.WriteLineAsync(happyError);
            await Console.Error.WriteLineAsync(HappyCallBenchOptions.Usage);
            return 2;
        }

        return await HappyCallBenchmark.RunAsync(happyOptions);
    default:
        await Console.Error.WriteLineAsync("usage: IvrService.Benchmarks load [options] | setup [options] | packet [BenchmarkDotNet options] | report [options] | grpc [options] | surveys [options] | happycalls [options]");
        await Console.Error.WriteLineAsync(LoadOptions.Usage);
        await Console.Error.WriteLineAsync(SetupOptions.Usage);
        await Console.Error.WriteLineAsync(ReportBenchmark.Usage);
        await Console.Error.WriteLineAsync(GrpcOptions.Usage);
        await Console.Error.WriteLineAsync(SurveysOptions.Usage);
        await Console.Error.WriteLineAsync(HappyCallBenchOptions.Usage);
        return 2;
}
