from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import RESPONSE_NOT_FOUND, ActorAPIView, service_error_as_api_error

from .authentication import ApiTokenAuthentication
from .models import ApiToken
from .selectors import api_token_get, api_token_list
from .services import LoginError, api_token_create, api_token_revoke, api_token_revoke_all, user_authenticate

DEFAULT_TOKEN_NAME = "api"  # noqa: S105 - a device name, not a secret


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Nama pengguna atau NIP")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    nama = serializers.CharField(
        required=False,
        max_length=64,
        default=DEFAULT_TOKEN_NAME,
        help_text=(
            "Nama perangkat atau aplikasi. Satu token per nama: meminta token untuk nama yang sama "
            "mencabut token lamanya."
        ),
    )


class TokenCreatedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Token; hanya ditampilkan sekali.")
    kode = serializers.UUIDField(help_text="Kode publik token (untuk daftar dan pencabutan).")
    nama = serializers.CharField()
    kedaluwarsa = serializers.DateTimeField(allow_null=True)


class TokenInfoSerializer(serializers.Serializer):
    kode = serializers.UUIDField()
    nama = serializers.CharField()
    dibuat = serializers.DateTimeField(source="token.created")
    kedaluwarsa = serializers.DateTimeField(source="token.expiry", allow_null=True)
    terakhir_dipakai = serializers.DateTimeField(allow_null=True)
    token_ini = serializers.SerializerMethodField(help_text="Token yang dipakai permintaan ini.")

    def get_token_ini(self, obj) -> bool:
        auth = self.context.get("auth")
        return auth is not None and getattr(auth, "pk", None) == obj.token_id


class TokenApi(APIView):
    """POST username (or NIP), password and optionally a device name: get a new API token.

    Throttled by django-axes like the sign-in page (429 when locked). The token expires after
    ACCOUNTS_TOKEN_TTL_DAYS and is stored hashed; the answer is the only time it is shown."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenCreatedSerializer,
            400: OpenApiResponse(description="Kredensial salah atau data tidak lengkap."),
            429: OpenApiResponse(
                description="Terlalu banyak percobaan gagal dari alamat ini; coba lagi nanti."
            ),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = user_authenticate(
                request=request._request,
                identifier=serializer.validated_data["username"],
                password=serializer.validated_data["password"],
            )
        except LoginError as error:
            code = status.HTTP_429_TOO_MANY_REQUESTS if error.locked else status.HTTP_400_BAD_REQUEST
            return Response({"detail": error.message}, status=code)
        try:
            created = api_token_create(user=result.user, nama=serializer.validated_data["nama"])
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(
            TokenCreatedSerializer(
                {
                    "token": created.plaintext,
                    "kode": created.info.kode,
                    "nama": created.info.nama,
                    "kedaluwarsa": created.info.token.expiry,
                }
            ).data
        )


class TokenListApi(APIView):
    """The caller's own API tokens: list them, or revoke them all (DELETE)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: TokenInfoSerializer(many=True)})
    def get(self, request):
        tokens = api_token_list(user=request.user)
        return Response(TokenInfoSerializer(tokens, many=True, context={"auth": request.auth}).data)

    @extend_schema(
        operation_id="auth_tokens_destroy_all",
        responses={204: OpenApiResponse(description="Semua token Anda dicabut.")},
    )
    def delete(self, request):
        api_token_revoke_all(user=request.user, actor=request.user, alasan="revoked_all")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailApi(APIView):
    """Revoke one of the caller's tokens by its `kode`; another user's token is not found (404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: OpenApiResponse(description="Token dicabut."), 404: RESPONSE_NOT_FOUND})
    def delete(self, request, kode):
        info = api_token_get(user=request.user, kode=kode)
        if info is None:
            raise NotFound()
        api_token_revoke(info=info, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutApi(APIView):
    """Sign this token out: the token that authenticates the request is revoked."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Token ini dicabut.")})
    def post(self, request):
        info = ApiToken.objects.filter(token_id=request.auth.pk).select_related("user").first()
        if info is not None:
            api_token_revoke(info=info, actor=request.user, alasan="logout")
        else:
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SayaSerializer(serializers.Serializer):
    username = serializers.CharField()
    nama = serializers.CharField()
    nip = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True)
    instansi = serializers.CharField(allow_null=True)


class SayaApi(ActorAPIView):
    """The caller: username, role and instansi."""

    permission_map = {"get": "account.view"}

    @extend_schema(responses={200: SayaSerializer, 403: OpenApiResponse(description="Tanpa peran.")})
    def get(self, request):
        actor = self.actor
        return Response(
            SayaSerializer(
                {
                    "username": actor.user.username,
                    "nama": actor.user.get_full_name(),
                    "nip": actor.user.nip,
                    "role": actor.role.value if actor.role else None,
                    "instansi": actor.instansi.kode if actor.instansi else None,
                }
            ).data
        )
