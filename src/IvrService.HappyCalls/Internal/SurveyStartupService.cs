using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>Seeds the survey files at start (after the menus, whose start loads the prompt catalog); a bad file stops the start, naming it.</summary>
internal sealed class SurveyStartupService(SurveyDefinitions surveys, IOptions<HappyCallOptions> options, IHostEnvironment environment)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        surveys.SeedAsync(Path.GetFullPath(options.Value.SurveysDirectory, environment.ContentRootPath), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
