using System.Net.Http;

namespace ZendeskAuth.Http;

/// <summary>The methods the Zendesk API uses.</summary>
public enum ZendeskHttpMethod
{
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

internal static class ZendeskHttpMethods
{
    public static HttpMethod ToHttpMethod(this ZendeskHttpMethod method) => method switch
    {
        ZendeskHttpMethod.Post => HttpMethod.Post,
        ZendeskHttpMethod.Put => HttpMethod.Put,
        ZendeskHttpMethod.Patch => new HttpMethod("PATCH"),
        ZendeskHttpMethod.Delete => HttpMethod.Delete,
        _ => HttpMethod.Get,
    };
}
