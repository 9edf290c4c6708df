using MediatR;
using QuotaLedger.Api.Infrastructure;
using QuotaLedger.Application.Projects;

namespace QuotaLedger.Api.Endpoints;

public sealed class ProjectsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapPost("/", async (RegisterProject command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/projects/{result.Id}", result);
            })
            .Command("RegisterProject", "A county registers a project that creates quota once accepted (R3 refuses forbidden land).");

        projects.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListProjects(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListProjects", "Projects the user may see, newest first; holder narrows to one county or prefecture.");

        projects.MapGet("/{projectId:guid}", async (Guid projectId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetProject(projectId), http.RequestAborted)))
            .VersionedQuery("GetProject", "A project with its history.");
    }
}
