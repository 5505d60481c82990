namespace IvrService.Flows;

/// <summary>
/// The prompt catalog the running service speaks from (the texts of <c>prompts/&lt;language&gt;/prompts.yaml</c>). The
/// host registers the one its calls use, so the admin API lists and renders exactly the prompts a call would play.
/// </summary>
public interface IPromptCatalogProvider
{
    /// <summary>The catalog in effect.</summary>
    /// <exception cref="InvalidOperationException">The catalog is not loaded yet (the service is starting).</exception>
    PromptCatalog Prompts { get; }
}
