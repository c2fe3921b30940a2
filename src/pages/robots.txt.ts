import type { APIRoute } from 'astro';
import { absoluteIn, robotsTxt } from '../lib/feeds';
import { url } from '../lib/survey';

/** Lets every crawler in and points it at the sitemap that @astrojs/sitemap writes. */
export const GET: APIRoute = ({ site }) =>
  new Response(robotsTxt(absoluteIn(site!, url())('sitemap-index.xml')), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
