/** An image from the workspace (assets.get → data URL), with a calm placeholder while it loads. */
import { useEffect, useState } from 'react';
import { backend } from '../../store/backend';

export function AssetImage({ assetId, alt, className }: { assetId: string; alt: string; className?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    backend
      .assetUrl(assetId)
      .then((u) => live && setUrl(u))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [assetId]);
  if (failed) return <div className={`img-missing ${className ?? ''}`}>图片缺失</div>;
  if (!url) return <div className={`img-loading ${className ?? ''}`} aria-busy="true" />;
  return <img src={url} alt={alt} className={className} draggable={false} />;
}
