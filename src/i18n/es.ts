/**
 * The Spanish (es-CO) words the user reads for each code value. One catalogue, so that
 * an English one can follow with the same keys.
 */
export const pieceStatusLabel = {
  draft: 'Borrador',
  in_review: 'En revisión',
  approved: 'Aprobada',
  scheduled: 'Programada',
  published: 'Publicada',
  failed: 'Fallida',
  cancelled: 'Cancelada',
} as const;

export const pieceKindLabel = {
  press_release: 'Comunicado de prensa',
  infographic: 'Infografía',
  poster: 'Afiche',
  notice: 'Aviso',
  banner: 'Pendón',
  billboard: 'Valla',
  invitation_card: 'Tarjeta de invitación',
  web_banner: 'Banner web',
  social_post: 'Publicación en redes',
  live_announcement: 'Anuncio de transmisión en vivo',
  survey_publication: 'Publicación de encuesta',
  answers_publication: 'Publicación de respuestas',
  report_publication: 'Publicación del informe',
  radio_spot: 'Cuña radial',
  video: 'Video',
} as const;

export const pieceActionLabel = {
  edit: 'editar',
  submit: 'enviar a revisión',
  approve: 'aprobar',
  reject: 'rechazar',
  withdraw: 'retirar de revisión',
  schedule: 'programar',
  unschedule: 'desprogramar',
  publish: 'publicar',
  fail: 'marcar como fallida',
  retry: 'reintentar',
  cancel: 'cancelar',
  reopen: 'reabrir como borrador',
} as const;

export const activityStatusLabel = {
  pending: 'Pendiente',
  in_progress: 'En ejecución',
  done: 'Cumplida',
  cancelled: 'Cancelada',
} as const;

export const networkLabel = {
  x: 'X',
  youtube: 'YouTube',
  facebook: 'Facebook',
  website: 'Sitio web municipal',
} as const;

export const eventKindLabel = {
  public_hearing: 'Audiencia pública',
  fair: 'Feria de gestión',
  sector_meeting: 'Encuentro sectorial',
  training: 'Capacitación',
  other: 'Otro',
} as const;

export const accountStatusLabel = {
  active: 'Activa',
  reconnect_needed: 'Debe reconectarse',
  paused: 'En pausa',
  disabled: 'Desactivada',
} as const;

export const publicationStatusLabel = {
  pending: 'Pendiente',
  publishing: 'Publicando',
  published: 'Publicada',
  failed: 'Falló',
  unconfirmed: 'Sin confirmar',
  held: 'En espera',
  cancelled: 'Cancelada',
} as const;
